package dev.basin.s3.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.s3.notification.NotificationConfiguration.Target;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationMatcherTest {
  private static final NotificationConfiguration CONFIG =
      new NotificationCodec(() -> "gen")
          .parse(
              NotificationCodecTest.json(
                  ("{'LambdaFunctionConfigurations':["
                          + "{'Id':'json','LambdaFunctionArn':'%s','Events':['s3:ObjectCreated:*'],"
                          + "'Filter':{'Key':{'FilterRules':[{'Name':'prefix','Value':'data/'},{'Name':'suffix','Value':'.json'}]}}},"
                          + "{'Id':'removed','LambdaFunctionArn':'%s','Events':['s3:ObjectRemoved:DeleteMarkerCreated']}]}")
                      .formatted(NotificationCodecTest.LAMBDA, NotificationCodecTest.LAMBDA)));

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "ObjectCreated:Put,                     data/a.json, json",
    "ObjectCreated:CompleteMultipartUpload, data/x/y.json, json",
    "ObjectCreated:Put,                     data/a.csv, ",
    "ObjectCreated:Put,                     other/a.json, ",
    "ObjectRemoved:Delete,                  data/a.json, ",
    "ObjectRemoved:DeleteMarkerCreated,     data/a.json, removed",
    "LifecycleTransition,                   data/a.json, ",
  })
  void matchesEventTypesAndKeyFilters(String event, String key, String expected) {
    List<String> ids =
        NotificationMatcher.matching(CONFIG, event, key).stream().map(Target::id).toList();
    assertThat(ids).isEqualTo(expected == null ? List.of() : List.of(expected));
  }

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource({
    "s3:ObjectCreated:*,   ObjectCreated:Put,  true",
    "s3:ObjectCreated:*,   ObjectCreated:,     false",
    "s3:ObjectCreated:*,   ObjectRemoved:Delete, false",
    "s3:ObjectCreated:Put, ObjectCreated:Put,  true",
    "s3:ObjectCreated:Put, ObjectCreated:Post, false",
    "s3:LifecycleTransition, LifecycleTransition, true",
    "s3:LifecycleExpiration:*, LifecycleExpiration:DeleteMarkerCreated, true",
  })
  void wildcards(String configured, String event, boolean covers) {
    assertThat(EventNames.covers(configured, event)).isEqualTo(covers);
  }

  @Test
  void buildsOneEventPerDestinationAndOneForEventBridge() {
    NotificationConfiguration withBridge = new NotificationConfiguration(CONFIG.targets(), true);
    S3EventRecord record =
        new S3EventRecord(
            "us-east-1",
            Instant.EPOCH,
            "ObjectCreated:Put",
            "AWS:AIDA",
            "127.0.0.1",
            "REQ",
            "HOST",
            "bucket",
            "OWNER",
            "data/a.json",
            5L,
            "\"e\"",
            null,
            "0000000000000000A1");
    List<S3ObjectEvent> events = NotificationMatcher.events(withBridge, record);
    assertThat(events).hasSize(2);
    S3ObjectEvent lambda = events.get(0);
    assertThat(lambda.targetArn()).isEqualTo(NotificationCodecTest.LAMBDA);
    assertThat(lambda.configurationId()).isEqualTo("json");
    assertThat(lambda.toEventBridge()).isFalse();
    assertThat(lambda.message().at("/Records/0/s3/configurationId").asText()).isEqualTo("json");
    assertThat(events.get(1).toEventBridge()).isTrue();
    assertThat(NotificationMatcher.events(CONFIG, withKey(record, "nope"))).isEmpty();
  }

  private static S3EventRecord withKey(S3EventRecord r, String key) {
    return new S3EventRecord(
        r.region(),
        r.eventTime(),
        r.eventName(),
        r.principalId(),
        r.sourceIp(),
        r.requestId(),
        r.hostId(),
        r.bucket(),
        r.bucketOwnerPrincipalId(),
        key,
        r.size(),
        r.etag(),
        r.versionId(),
        r.sequencer());
  }

  @Test
  void recordsHaveAwsShape() {
    S3EventRecord record =
        new S3EventRecord(
            "eu-west-1",
            Instant.parse("2024-03-04T05:06:07.089Z"),
            "ObjectCreated:Put",
            "AWS:AIDAEXAMPLE",
            "10.0.0.9",
            "C3D13FE58DE4C810",
            "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD",
            "my-bucket",
            "A3NL1KOZZKExample",
            "dir/Happy Face (1)+ü.jpg",
            1024L,
            "\"d41d8cd98f00b204e9800998ecf8427e\"",
            "096fKKXTRTtl3on89fVO.nfljtsv6qko",
            "0055AED6DCD90281E5");
    JsonNode expected =
        NotificationCodecTest.json(
            "{'Records':[{'eventVersion':'2.1','eventSource':'aws:s3','awsRegion':'eu-west-1',"
                + "'eventTime':'2024-03-04T05:06:07.089Z','eventName':'ObjectCreated:Put',"
                + "'userIdentity':{'principalId':'AWS:AIDAEXAMPLE'},"
                + "'requestParameters':{'sourceIPAddress':'10.0.0.9'},"
                + "'responseElements':{'x-amz-request-id':'C3D13FE58DE4C810','x-amz-id-2':'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD'},"
                + "'s3':{'s3SchemaVersion':'1.0','configurationId':'cfg',"
                + "'bucket':{'name':'my-bucket','ownerIdentity':{'principalId':'A3NL1KOZZKExample'},'arn':'arn:aws:s3:::my-bucket'},"
                + "'object':{'key':'dir/Happy+Face+%281%29%2B%C3%BC.jpg','size':1024,'eTag':'d41d8cd98f00b204e9800998ecf8427e',"
                + "'versionId':'096fKKXTRTtl3on89fVO.nfljtsv6qko','sequencer':'0055AED6DCD90281E5'}}}]}");
    assertThat(record.toMessage("cfg").toString()).isEqualTo(expected.toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "ObjectCreated:Put, 2.1",
    "ObjectRemoved:DeleteMarkerCreated, 2.1",
    "Replication:OperationFailedReplication, 2.2",
    "LifecycleTransition, 2.3",
    "LifecycleExpiration:Delete, 2.3",
    "IntelligentTiering, 2.3",
    "ObjectTagging:Put, 2.3",
    "ObjectAcl:Put, 2.3",
  })
  void eventVersions(String event, String version) {
    assertThat(EventNames.version(event)).isEqualTo(version);
  }

  @Test
  void removalRecordsOmitSizeAndEtag() {
    S3EventRecord record =
        new S3EventRecord(
            "us-east-1",
            Instant.EPOCH,
            "ObjectRemoved:Delete",
            "p",
            "ip",
            "r",
            "h",
            "b",
            "o",
            "k",
            null,
            null,
            null,
            "01");
    JsonNode object = record.toRecord("c").at("/s3/object");
    assertThat(object.has("size")).isFalse();
    assertThat(object.has("eTag")).isFalse();
    assertThat(object.has("versionId")).isFalse();
    assertThat(object.get("key").asText()).isEqualTo("k");
  }

  @Test
  void sequencersIncreaseAsStringsEvenWhenTheClockStandsStill() {
    AtomicLong micros = new AtomicLong(1_700_000_000_000_000L);
    EventSequencer sequencer = new EventSequencer(micros::get);
    List<String> values = IntStream.range(0, 50).mapToObj(i -> sequencer.next()).toList();
    micros.set(1); // a clock that jumps back must not break the order
    String afterJump = sequencer.next();
    assertThat(values).isSorted().doesNotHaveDuplicates();
    assertThat(afterJump).isGreaterThan(values.get(values.size() - 1));
    assertThat(values).allSatisfy(v -> assertThat(v).hasSize(18).matches("[0-9A-F]+"));
  }
}
