package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.clock.TestClock;
import dev.basin.core.config.BasinConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * CloudTrail against a running Basin with its own root credentials (so that the test can check the
 * secret never appears in a record): event history through LookupEvents, and a trail delivering log
 * files into S3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudTrailIT {
  private static final String ACCESS_KEY = "AKIDCLOUDTRAILIT";
  private static final String SECRET = "cloudtrail-it-secret-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOG_KEY =
      Pattern.compile(
          "audit/AWSLogs/000000000000/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/"
              + "000000000000_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz");

  private static BasinServer server;
  private static Path dataDir;
  private static CloudTrailClient cloudTrail;
  private static S3Client s3;
  private static StsClient sts;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("basin-trail-it-");
    Map<String, String> env = new HashMap<>();
    env.put("BASIN_DATA_DIR", dataDir.toString());
    env.put("BASIN_PORT", "0");
    env.put("BASIN_ACCESS_LOG", "0");
    env.put("BASIN_TEST_CLOCK", "1");
    env.put("BASIN_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("BASIN_SECRET_ACCESS_KEY", SECRET);
    server = BasinServer.start(BasinConfig.parse(new String[0], env));
    cloudTrail = configure(CloudTrailClient.builder()).build();
    s3 = configure(S3Client.builder()).forcePathStyle(true).build();
    sts = configure(StsClient.builder()).build();
  }

  private static <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
                  & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>>
      B configure(B builder) {
    return builder
        .endpointOverride(URI.create(server.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
        .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build());
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void lookupEventsFindsCreateBucketAndLaterCallsByIdentity() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String bucket = "trail-lookup-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(bucket));
    sts.getCallerIdentity();
    s3.putObject(b -> b.bucket(bucket).key("data.txt"), RequestBody.fromString("hello"));

    Event created =
        await(
            () ->
                cloudTrail
                    .lookupEvents(
                        r ->
                            r.lookupAttributes(attribute(LookupAttributeKey.RESOURCE_NAME, bucket)))
                    .events()
                    .stream()
                    .filter(e -> e.eventName().equals("CreateBucket"))
                    .findFirst()
                    .orElse(null));
    assertThat(created.eventSource()).isEqualTo("s3.amazonaws.com");
    assertThat(created.username()).isEqualTo("root");
    assertThat(created.accessKeyId()).isEqualTo(ACCESS_KEY);
    assertThat(created.readOnly()).isEqualTo("false");
    assertThat(created.eventTime())
        .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(created.resources())
        .anySatisfy(
            r -> {
              assertThat(r.resourceType()).isEqualTo("AWS::S3::Bucket");
              assertThat(r.resourceName()).isEqualTo(bucket);
            });
    JsonNode record = JSON.readTree(created.cloudTrailEvent());
    assertThat(record.path("eventID").asText()).isEqualTo(created.eventId());
    assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("Root");
    assertThat(record.path("userIdentity").path("arn").asText())
        .isEqualTo("arn:aws:iam::000000000000:root");
    assertThat(record.path("requestParameters").path("bucketName").asText()).isEqualTo(bucket);
    assertThat(record.path("eventCategory").asText()).isEqualTo("Management");
    assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
    assertThat(created.cloudTrailEvent()).doesNotContain(SECRET);

    // the later STS call, by access key; read-only
    Event identity =
        await(
            () ->
                lookup(attribute(LookupAttributeKey.ACCESS_KEY_ID, ACCESS_KEY)).stream()
                    .filter(e -> e.eventName().equals("GetCallerIdentity"))
                    .findFirst()
                    .orElse(null));
    assertThat(identity.eventSource()).isEqualTo("sts.amazonaws.com");
    assertThat(identity.readOnly()).isEqualTo("true");
    assertThat(identity.eventTime()).isAfterOrEqualTo(created.eventTime());

    assertThat(lookup(attribute(LookupAttributeKey.EVENT_ID, created.eventId())))
        .extracting(Event::eventId)
        .containsExactly(created.eventId());
    assertThat(lookup(attribute(LookupAttributeKey.READ_ONLY, "false")))
        .extracting(Event::eventName)
        .contains("CreateBucket")
        .doesNotContain("GetCallerIdentity");
    assertThat(lookup(attribute(LookupAttributeKey.EVENT_SOURCE, "sts.amazonaws.com")))
        .extracting(Event::eventName)
        .contains("GetCallerIdentity")
        .doesNotContain("CreateBucket");
    assertThat(lookup(attribute(LookupAttributeKey.USERNAME, "root"))).isNotEmpty();
    // PutObject is a data event: never in the event history
    assertThat(lookup(attribute(LookupAttributeKey.EVENT_NAME, "PutObject"))).isEmpty();

    // time ranges
    Instant createdAt = created.eventTime();
    assertThat(
            cloudTrail
                .lookupEvents(
                    r ->
                        r.lookupAttributes(
                                attribute(LookupAttributeKey.EVENT_ID, created.eventId()))
                            .startTime(createdAt)
                            .endTime(createdAt))
                .events())
        .hasSize(1);
    assertThat(
            cloudTrail
                .lookupEvents(
                    r ->
                        r.lookupAttributes(
                                attribute(LookupAttributeKey.EVENT_ID, created.eventId()))
                            .endTime(createdAt.minusSeconds(1)))
                .events())
        .isEmpty();
    assertThat(
            cloudTrail
                .lookupEvents(
                    r ->
                        r.lookupAttributes(
                                attribute(LookupAttributeKey.EVENT_ID, created.eventId()))
                            .startTime(createdAt.plusSeconds(1)))
                .events())
        .isEmpty();
  }

  @Test
  @Order(2)
  void lookupEventsPagesNewestFirst() throws Exception {
    String prefix = "trail-page-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    for (int i = 0; i < 4; i++) {
      String name = prefix + i;
      s3.createBucket(b -> b.bucket(name));
    }
    await(
        () ->
            lookup(attribute(LookupAttributeKey.RESOURCE_NAME, prefix + 3)).isEmpty()
                ? null
                : true);

    List<Event> all = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      LookupEventsResponse page =
          cloudTrail.lookupEvents(
              r ->
                  r.lookupAttributes(attribute(LookupAttributeKey.EVENT_NAME, "CreateBucket"))
                      .maxResults(2)
                      .nextToken(next));
      assertThat(page.events()).hasSizeLessThanOrEqualTo(2);
      all.addAll(page.events());
      token = page.nextToken();
      pages++;
    } while (token != null && pages < 20);
    List<String> names =
        all.stream()
            .flatMap(e -> e.resources().stream())
            .map(r -> r.resourceName())
            .filter(n -> n.startsWith(prefix))
            .toList();
    assertThat(names).containsExactly(prefix + 3, prefix + 2, prefix + 1, prefix + 0);
    Set<String> ids = new HashSet<>();
    all.forEach(e -> assertThat(ids.add(e.eventId())).isTrue());
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).eventTime()).isBeforeOrEqualTo(all.get(i - 1).eventTime());
    }
    assertThat(pages).isGreaterThanOrEqualTo(2);
  }

  @Test
  @Order(3)
  void lookupEventsRejectsBadArguments() {
    assertError(() -> cloudTrail.lookupEvents(r -> r.maxResults(51)), "InvalidMaxResultsException");
    assertError(() -> cloudTrail.lookupEvents(r -> r.maxResults(0)), "InvalidMaxResultsException");
    assertError(
        () -> cloudTrail.lookupEvents(r -> r.nextToken("not-a-token")),
        "InvalidNextTokenException");
    assertError(
        () ->
            cloudTrail.lookupEvents(
                r -> r.startTime(Instant.now()).endTime(Instant.now().minus(Duration.ofHours(1)))),
        "InvalidTimeRangeException");
    assertError(
        () ->
            cloudTrail.lookupEvents(
                r ->
                    r.lookupAttributes(
                        attribute(LookupAttributeKey.EVENT_NAME, "CreateBucket"),
                        attribute(LookupAttributeKey.USERNAME, "root"))),
        "InvalidLookupAttributesException");
    assertError(
        () ->
            cloudTrail.lookupEvents(
                r -> r.lookupAttributes(attribute(LookupAttributeKey.READ_ONLY, "maybe"))),
        "InvalidLookupAttributesException");
  }

  @Test
  @Order(4)
  void trailDeliversGzippedRecordsIntoItsBucket() throws Exception {
    String logs = "trail-logs-" + UUID.randomUUID().toString().substring(0, 8);
    String data = "trail-data-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(logs));
    s3.createBucket(b -> b.bucket(data));

    assertError(
        () -> cloudTrail.createTrail(r -> r.name("main").s3BucketName("no-such-bucket-xyz")),
        "S3BucketDoesNotExistException");
    assertError(
        () -> cloudTrail.createTrail(r -> r.name("-bad").s3BucketName(logs)),
        "InvalidTrailNameException");
    var created =
        cloudTrail.createTrail(r -> r.name("main").s3BucketName(logs).s3KeyPrefix("audit"));
    assertThat(created.trailARN())
        .isEqualTo("arn:aws:cloudtrail:us-east-1:000000000000:trail/main");
    assertError(
        () -> cloudTrail.createTrail(r -> r.name("main").s3BucketName(logs)),
        "TrailAlreadyExistsException");
    assertThat(cloudTrail.getTrailStatus(r -> r.name("main")).isLogging()).isFalse();

    // all management events plus data events of every bucket: the trail's own deliveries into
    // the logs bucket must still not show up
    cloudTrail.putEventSelectors(
        r ->
            r.trailName("main")
                .eventSelectors(
                    EventSelector.builder()
                        .readWriteType(ReadWriteType.ALL)
                        .includeManagementEvents(true)
                        .dataResources(
                            DataResource.builder()
                                .type("AWS::S3::Object")
                                .values("arn:aws:s3:::")
                                .build())
                        .build()));
    assertThat(cloudTrail.getEventSelectors(r -> r.trailName("main")).eventSelectors())
        .singleElement()
        .satisfies(
            s -> assertThat(s.dataResources().get(0).values()).containsExactly("arn:aws:s3:::"));
    cloudTrail.startLogging(r -> r.name("main"));

    sts.getCallerIdentity();
    s3.putObject(b -> b.bucket(data).key("hello.txt"), RequestBody.fromString("hello world"));
    s3.getObject(b -> b.bucket(data).key("hello.txt")).close();
    String marker = "trail-marker-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(marker));

    List<JsonNode> records =
        await(
            () -> {
              List<JsonNode> found = deliveredRecords(logs);
              boolean done =
                  found.stream()
                      .anyMatch(
                          r ->
                              r.path("eventName").asText().equals("CreateBucket")
                                  && r.path("requestParameters")
                                      .path("bucketName")
                                      .asText()
                                      .equals(marker));
              return done ? found : null;
            });
    assertThat(records)
        .extracting(r -> r.path("eventName").asText())
        .contains("GetCallerIdentity", "PutObject", "GetObject", "CreateBucket", "StartLogging")
        .doesNotContain("CreateTrail"); // before logging started
    JsonNode put =
        records.stream()
            .filter(r -> r.path("eventName").asText().equals("PutObject"))
            .findFirst()
            .orElseThrow();
    assertThat(put.path("eventCategory").asText()).isEqualTo("Data");
    assertThat(put.path("requestParameters").path("bucketName").asText()).isEqualTo(data);
    assertThat(put.path("requestParameters").path("key").asText()).isEqualTo("hello.txt");
    assertThat(put.toString()).doesNotContain("hello world");
    assertThat(records)
        .noneMatch(
            r ->
                r.path("requestParameters").path("bucketName").asText().equals(logs)
                    && r.path("eventName").asText().equals("PutObject"));
    assertThat(records).allSatisfy(r -> assertThat(r.toString()).doesNotContain(SECRET));

    GetTrailStatusResponse status = cloudTrail.getTrailStatus(r -> r.name("main"));
    assertThat(status.isLogging()).isTrue();
    assertThat(status.latestDeliveryTime()).isNotNull();
    assertThat(status.startLoggingTime()).isNotNull();

    assertThat(cloudTrail.describeTrails(r -> r.trailNameList("main")).trailList())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.s3BucketName()).isEqualTo(logs);
              assertThat(t.s3KeyPrefix()).isEqualTo("audit");
              assertThat(t.homeRegion()).isEqualTo("us-east-1");
              assertThat(t.hasCustomEventSelectors()).isTrue();
            });
    assertThat(cloudTrail.listTrails(r -> {}).trails())
        .extracting(t -> t.name())
        .containsExactly("main");
    assertThat(cloudTrail.getTrail(r -> r.name(created.trailARN())).trail().name())
        .isEqualTo("main");

    cloudTrail.stopLogging(r -> r.name("main"));
    assertThat(cloudTrail.getTrailStatus(r -> r.name("main")).isLogging()).isFalse();
    cloudTrail.deleteTrail(r -> r.name("main"));
    assertError(() -> cloudTrail.getTrail(r -> r.name("main")), "TrailNotFoundException");
  }

  @Test
  @Order(5)
  void eventsAreKeptNinetyDaysOnBasinsClock() throws Exception {
    String bucket = "trail-old-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(bucket));
    await(
        () -> lookup(attribute(LookupAttributeKey.RESOURCE_NAME, bucket)).isEmpty() ? null : true);
    ((TestClock) server.clock()).advance(Duration.ofDays(91));
    assertThat(lookup(attribute(LookupAttributeKey.RESOURCE_NAME, bucket))).isEmpty();
  }

  private static List<JsonNode> deliveredRecords(String bucket) {
    List<JsonNode> records = new ArrayList<>();
    for (S3Object object : s3.listObjectsV2(b -> b.bucket(bucket)).contents()) {
      assertThat(object.key()).matches(LOG_KEY);
      byte[] gz = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(SECRET);
        JsonNode file = JSON.readTree(text);
        assertThat(file.path("Records").isArray()).isTrue();
        file.path("Records").forEach(records::add);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return records;
  }

  private static List<Event> lookup(LookupAttribute attribute) {
    return cloudTrail
        .lookupEvents(LookupEventsRequest.builder().lookupAttributes(attribute).build())
        .events();
  }

  private static LookupAttribute attribute(LookupAttributeKey key, String value) {
    return LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
  }

  private static void assertError(Runnable call, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            CloudTrailException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
  }

  /** Events are recorded and trails deliver asynchronously, as at AWS: poll for up to 30 s. */
  private static <T> T await(Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
