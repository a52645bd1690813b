package dev.basin.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.storage.SqliteMetadataStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudTrailStoreTest {
  private static final String ACCOUNT = "000000000000";
  private static final Instant T0 = Instant.parse("2024-01-02T03:04:05Z");

  private static CloudTrailEvent event(
      int i, Instant time, String name, List<CloudTrailEvent.Resource> resources) {
    return new CloudTrailEvent(
        EventIds.next(time),
        time,
        ACCOUNT,
        "us-east-1",
        name,
        "s3.amazonaws.com",
        "user" + (i % 3),
        "AKID" + i,
        name.startsWith("Get"),
        true,
        resources,
        null,
        "{\"n\":" + i + "}");
  }

  private static List<CloudTrailStore.StoredEvent> lookup(
      CloudTrailStore store, String column, Object value) {
    return store.lookup(
        new CloudTrailStore.Lookup(
            ACCOUNT, "us-east-1", column, value, 0, Long.MAX_VALUE, -1, -1, 1000));
  }

  @Test
  void everyLookupAttributeFindsItsEventsNewestFirst(@TempDir Path dir) {
    List<CloudTrailEvent> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // more than one multi-row statement, and a remainder
      events.add(
          event(
              i,
              T0.plusMillis(i * 7L),
              i % 2 == 0 ? "CreateBucket" : "GetBucketAcl",
              List.of(
                  new CloudTrailEvent.Resource("AWS::S3::Bucket", "bucket-" + i),
                  new CloudTrailEvent.Resource("AWS::S3::Object", "key-" + (i % 5)))));
    }
    try (CloudTrailStore store = CloudTrailStore.open(dir)) {
      store.insert(events.subList(0, 45));
      store.insert(events.subList(45, 100));
      assertThat(store.lastSeq()).isEqualTo(100);

      List<CloudTrailStore.StoredEvent> all = lookup(store, null, null);
      assertThat(all).hasSize(100);
      assertThat(all.get(0).record()).isEqualTo("{\"n\":99}");
      assertThat(all.get(99).seq()).isEqualTo(1);
      assertThat(all.get(0).resources())
          .containsExactly(
              new CloudTrailEvent.Resource("AWS::S3::Bucket", "bucket-99"),
              new CloudTrailEvent.Resource("AWS::S3::Object", "key-4"));

      CloudTrailEvent target = events.get(42);
      assertThat(lookup(store, "event_id", target.eventId()))
          .singleElement()
          .satisfies(e -> assertThat(e.record()).isEqualTo(target.json()));
      assertThat(lookup(store, "event_id", "00000000-0000-7000-8000-000000000000")).isEmpty();
      assertThat(lookup(store, "event_name", "CreateBucket")).hasSize(50);
      assertThat(lookup(store, "read_only", 1)).hasSize(50);
      assertThat(lookup(store, "username", "user1")).hasSize(33);
      assertThat(lookup(store, "access_key_id", "AKID7")).hasSize(1);
      assertThat(lookup(store, "event_source", "s3.amazonaws.com")).hasSize(100);
      assertThat(lookup(store, "resource_type", "AWS::S3::Object")).hasSize(100);
      assertThat(lookup(store, "resource_type", "AWS::S3")).isEmpty(); // whole values only
      assertThat(lookup(store, "resource_name", "bucket-7"))
          .singleElement()
          .satisfies(e -> assertThat(e.record()).isEqualTo("{\"n\":7}"));
      assertThat(lookup(store, "resource_name", "key-3")).hasSize(20);
      assertThat(lookup(store, "resource_name", "bucket-")).isEmpty();
    }
  }

  @Test
  void retentionDeletesOldEventsAndNumbersNeverRepeat(@TempDir Path dir) {
    try (CloudTrailStore store = CloudTrailStore.open(dir)) {
      store.insert(List.of(event(1, T0, "CreateBucket", List.of())));
      store.insert(List.of(event(2, T0.plusSeconds(60), "CreateBucket", List.of())));
      assertThat(store.deleteBefore(T0.plusSeconds(30))).isEqualTo(1);
      assertThat(lookup(store, null, null))
          .extracting(e -> e.record())
          .containsExactly("{\"n\":2}");
      assertThat(store.deleteBefore(T0.plusSeconds(3600))).isEqualTo(1);
      assertThat(lookup(store, null, null)).isEmpty();
      store.insert(List.of(event(3, T0.plusSeconds(7200), "CreateBucket", List.of())));
      // a trail cursor at 2 must still see the new event
      assertThat(store.eventsAfter(ACCOUNT, 2, 10)).extracting(e -> e.seq()).containsExactly(3L);
    }
  }

  @Test
  void eventIdsCarryTheirMillisecond() {
    Instant time = Instant.parse("2024-05-06T07:08:09.123Z");
    String id = EventIds.next(time);
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(EventIds.millis(id)).isEqualTo(time.toEpochMilli());
    assertThat(EventIds.next(time)).isNotEqualTo(id);
    assertThat(EventIds.millis("6ba7b810-9dad-41d1-80b4-00c04fd430c8")).isEqualTo(-1);
    assertThat(EventIds.millis("not an id")).isEqualTo(-1);
    assertThat(EventIds.next(Instant.ofEpochMilli(-5)).charAt(14)).isEqualTo('4');
  }

  @Test
  void theFirstSchemaIsMigratedWithItsNumbersAndResources(@TempDir Path dir) {
    try (SqliteMetadataStore v1 =
        SqliteMetadataStore.open(
            dir.resolve("cloudtrail.db"), CloudTrailStore.MIGRATIONS.subList(0, 1))) {
      v1.write(
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO ct_event (seq, event_id, time_ms, account, region, event_name,"
                        + " event_source, username, access_key_id, read_only, management,"
                        + " data_arn, resources, record) VALUES"
                        + " (7, 'old-id', ?, ?, 'us-east-1', 'CreateBucket', 's3.amazonaws.com',"
                        + " 'root', 'AKID', 0, 1, NULL, '[]', '{\"old\":true}')")) {
              s.setLong(1, T0.toEpochMilli());
              s.setString(2, ACCOUNT);
              s.executeUpdate();
            }
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO ct_resource (seq, type, name) VALUES"
                        + " (7, 'AWS::S3::Bucket', 'b1'), (7, 'AWS::S3::Object', 'k')")) {
              s.executeUpdate();
            }
            try (PreparedStatement s =
                c.prepareStatement("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'ct_event'")) {
              s.executeUpdate();
            }
            return null;
          });
    }
    try (CloudTrailStore store = CloudTrailStore.open(dir)) {
      assertThat(lookup(store, "event_id", "old-id"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.seq()).isEqualTo(7);
                assertThat(e.record()).isEqualTo("{\"old\":true}");
                assertThat(e.resources())
                    .containsExactly(
                        new CloudTrailEvent.Resource("AWS::S3::Bucket", "b1"),
                        new CloudTrailEvent.Resource("AWS::S3::Object", "k"));
              });
      store.insert(List.of(event(1, T0.plusSeconds(1), "CreateBucket", List.of())));
      assertThat(store.lastSeq()).isEqualTo(10); // after the highest number ever given
    }
  }
}
