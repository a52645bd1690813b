package dev.basin.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.auth.Caller;
import dev.basin.core.clock.TestClock;
import dev.basin.core.gateway.RequestRecord;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudTrailRecorderTest {
  private static final ServiceModel S3 = new ServiceModelLoader().load("s3");
  private static final Instant NOW = Instant.parse("2024-01-02T03:04:05Z");

  private static RequestRecord createBucket(String bucket, Caller caller) throws Exception {
    return new RequestRecord(
        "R-" + bucket,
        NOW,
        "s3",
        "CreateBucket",
        "us-east-1",
        200,
        null,
        null,
        0,
        "127.0.0.1",
        "test",
        "AKID",
        caller,
        S3,
        S3.operation("CreateBucket").orElseThrow(),
        new ObjectMapper().readTree("{\"Bucket\":\"" + bucket + "\"}"),
        null);
  }

  private static List<CloudTrailStore.StoredEvent> all(CloudTrailStore store) {
    return store.lookup(
        new CloudTrailStore.Lookup(
            "000000000000", "us-east-1", null, null, 0, Long.MAX_VALUE, -1, -1, 100));
  }

  @Test
  void closeStoresEverythingQueuedAndSkipsAnonymousCalls(@TempDir Path dir) throws Exception {
    try (CloudTrailStore store = CloudTrailStore.open(dir)) {
      CloudTrailRecorder recorder =
          new CloudTrailRecorder(store, new TestClock(NOW), 1000, Duration.ofSeconds(2));
      for (int i = 0; i < 300; i++) {
        recorder.onRequest(createBucket("b" + i, Caller.root("000000000000")));
      }
      recorder.onRequest(createBucket("anonymous", Caller.anonymous("000000000000")));
      recorder.close();
      assertThat(recorder.recorded()).isEqualTo(300);
      assertThat(recorder.dropped()).isZero();
      List<CloudTrailStore.StoredEvent> events = all(store);
      assertThat(events).hasSize(100);
      assertThat(events.get(0).resources().get(0).name()).isEqualTo("b299"); // newest first
      recorder.onRequest(createBucket("after-close", Caller.root("000000000000")));
      assertThat(recorder.recorded()).isEqualTo(300);
    }
  }

  @Test
  void aFullQueueMakesCallersWaitSoNothingIsLost(@TempDir Path dir) throws Exception {
    try (CloudTrailStore store = CloudTrailStore.open(dir)) {
      CloudTrailRecorder recorder =
          new CloudTrailRecorder(store, new TestClock(NOW), 1, Duration.ofSeconds(10));
      RequestRecord record = createBucket("b", Caller.root("000000000000"));
      for (int i = 0; i < 5000; i++) {
        recorder.onRequest(record);
      }
      recorder.close();
      assertThat(recorder.dropped()).isZero();
      assertThat(recorder.recorded()).isEqualTo(5000);
      assertThat(store.lastSeq()).isEqualTo(5000);
    }
  }

  @Test
  void withoutWaitingAFullQueueDropsAndCounts(@TempDir Path dir) throws Exception {
    try (CloudTrailStore store = CloudTrailStore.open(dir)) {
      CloudTrailRecorder recorder =
          new CloudTrailRecorder(store, new TestClock(NOW), 1, Duration.ZERO);
      RequestRecord record = createBucket("b", Caller.root("000000000000"));
      for (int i = 0; i < 5000; i++) {
        recorder.onRequest(record);
      }
      recorder.close();
      assertThat(recorder.dropped()).isPositive();
      assertThat(recorder.recorded() + recorder.dropped()).isEqualTo(5000);
    }
  }
}
