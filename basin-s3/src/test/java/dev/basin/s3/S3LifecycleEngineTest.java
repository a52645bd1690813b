package dev.basin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.clock.TestClock;
import dev.basin.core.events.EventBus;
import dev.basin.s3.lifecycle.LifecycleCodec;
import dev.basin.s3.lifecycle.LifecycleEvaluator.TransitionMinimumSize;
import dev.basin.s3.notification.S3ObjectEvent;
import dev.basin.s3.store.ObjectAttributes;
import dev.basin.s3.store.ObjectVersion;
import dev.basin.s3.store.S3Store.ListVersionsQuery;
import dev.basin.s3.store.S3Store.MultipartUpload;
import dev.basin.s3.store.S3StoreException;
import dev.basin.s3.store.SqliteS3Store;
import dev.basin.s3.store.StagedBody;
import dev.basin.s3.store.VersioningState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link S3LifecycleEngine} on a {@link TestClock} over a real {@link SqliteS3Store}: what the
 * store holds after the clock moved, and the lifecycle events published.
 */
class S3LifecycleEngineTest {
  private static final String OWNER = "000000000000";

  /** The seed's rule, verbatim. */
  private static final String SEED_RULE =
      "{\"Rules\":[{\"ID\":\"MoveToGlacierAfter30Days_DeleteAfter90Days\",\"Filter\":{\"Prefix\":\"\"},"
          + "\"Status\":\"Enabled\",\"Transitions\":[{\"Days\":30,\"StorageClass\":\"GLACIER\"}],"
          + "\"Expiration\":{\"Days\":90}}]}";

  /** The seed's object: 34 bytes of JSON. */
  private static final byte[] SEED_OBJECT =
      "{\"name\":\"bharat\",\"course\":\"pw\"}\n\n\n".getBytes(StandardCharsets.UTF_8);

  /** Mid-day, so that "due at the next midnight UTC after N days" matters. */
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);
  private final EventBus events = new EventBus();
  private final List<String> eventNames = new ArrayList<>();
  private SqliteS3Store store;
  private S3LifecycleEngine engine;

  @BeforeEach
  void open() {
    store = SqliteS3Store.open(dir.resolve("s3"), clock, SqliteS3Store.Options.DEFAULT);
    events.subscribe(
        S3ObjectEvent.class,
        e -> {
          synchronized (eventNames) {
            eventNames.add(e.eventName() + " " + e.key());
          }
        });
    engine =
        new S3LifecycleEngine(store, clock, new S3Notifier(store, events, clock))
            .start(S3LifecycleEngine.DEFAULT_INTERVAL);
  }

  @AfterEach
  void close() {
    engine.close();
    events.close();
    store.close();
  }

  @Test
  void seedRuleOnAnUnversionedBucketTransitionsOnDay31AndDeletesOnDay91() {
    bucket("seed", null);
    lifecycle("seed", SEED_RULE, null);
    put("seed", "bharat-pw-json.json", SEED_OBJECT, Map.of());
    assertThat(SEED_OBJECT).hasSize(34);

    advanceToDay(29);
    assertThat(storageClass("seed", "bharat-pw-json.json")).isEqualTo("STANDARD");
    advanceToDay(31);
    assertThat(storageClass("seed", "bharat-pw-json.json")).isEqualTo("GLACIER");
    advanceToDay(89);
    assertThat(storageClass("seed", "bharat-pw-json.json")).isEqualTo("GLACIER");
    advanceToDay(91);
    assertThat(versions("seed")).isEmpty();
    assertThat(events())
        .containsExactly(
            "LifecycleTransition bharat-pw-json.json",
            "LifecycleExpiration:Delete bharat-pw-json.json");
  }

  @Test
  void seedRuleOnAVersionedBucketPlacesADeleteMarkerOnDay91() {
    bucket("versioned", VersioningState.ENABLED);
    lifecycle("versioned", SEED_RULE, null);
    String first = put("versioned", "bharat-pw-json.json", SEED_OBJECT, Map.of());
    clock.advance(Duration.ofMinutes(5));
    String second = put("versioned", "bharat-pw-json.json", SEED_OBJECT, Map.of());

    advanceToDay(29);
    assertThat(describe(versions("versioned")))
        .containsExactly(second + " STANDARD latest", first + " STANDARD");
    advanceToDay(31);
    // Transitions apply to the current version only; this rule has no noncurrent action.
    assertThat(describe(versions("versioned")))
        .containsExactly(second + " GLACIER latest", first + " STANDARD");
    advanceToDay(89);
    assertThat(versions("versioned")).hasSize(2);
    advanceToDay(91);
    List<ObjectVersion> after = versions("versioned");
    assertThat(after).hasSize(3);
    assertThat(after.get(0).deleteMarker()).isTrue();
    assertThat(after.get(0).latest()).isTrue();
    assertThat(describe(after.subList(1, 3)))
        .containsExactly(second + " GLACIER", first + " STANDARD");
    advanceToDay(200); // the marker is not expired (versions remain) and no second one is placed
    assertThat(versions("versioned")).hasSize(3);
    assertThat(events())
        .containsExactly(
            "LifecycleTransition bharat-pw-json.json",
            "LifecycleExpiration:DeleteMarkerCreated bharat-pw-json.json");
  }

  @Test
  void oneClockJumpPastBothDaysTransitionsThenExpires() {
    bucket("jump", VersioningState.ENABLED);
    lifecycle("jump", SEED_RULE, null);
    put("jump", "k", SEED_OBJECT, Map.of());

    advanceToDay(120);
    List<ObjectVersion> after = versions("jump");
    assertThat(after).hasSize(2);
    assertThat(after.get(0).deleteMarker()).isTrue();
    assertThat(after.get(1).attributes().storageClass()).isEqualTo("GLACIER");
  }

  @Test
  void minimumObjectSizeSettingDecidesWhetherSmallObjectsTransition() {
    String rule =
        "{\"Rules\":[{\"ID\":\"r\",\"Filter\":{},\"Status\":\"Enabled\","
            + "\"Transitions\":[{\"Days\":30,\"StorageClass\":\"STANDARD_IA\"},"
            + "{\"Days\":60,\"StorageClass\":\"GLACIER\"}]}]}";
    bucket("varies", null);
    lifecycle("varies", rule, null); // Basin's default: varies_by_storage_class
    bucket("strict", null);
    lifecycle("strict", rule, TransitionMinimumSize.ALL_STORAGE_CLASSES_128K);
    byte[] large = new byte[128 * 1024];
    for (String bucket : List.of("varies", "strict")) {
      put(bucket, "small", SEED_OBJECT, Map.of());
      put(bucket, "large", large, Map.of());
    }

    advanceToDay(31);
    assertThat(storageClass("varies", "small")).isEqualTo("STANDARD"); // not to STANDARD_IA
    assertThat(storageClass("varies", "large")).isEqualTo("STANDARD_IA");
    assertThat(storageClass("strict", "small")).isEqualTo("STANDARD");
    assertThat(storageClass("strict", "large")).isEqualTo("STANDARD_IA");
    advanceToDay(61);
    assertThat(storageClass("varies", "small")).isEqualTo("GLACIER");
    assertThat(storageClass("varies", "large")).isEqualTo("GLACIER");
    assertThat(storageClass("strict", "small")).isEqualTo("STANDARD");
    assertThat(storageClass("strict", "large")).isEqualTo("GLACIER");
  }

  @Test
  void prefixTagAndSizeFiltersSelectTheObjects() {
    String rule =
        "{\"Rules\":["
            + "{\"ID\":\"logs\",\"Filter\":{\"Prefix\":\"logs/\"},\"Status\":\"Enabled\","
            + "\"Expiration\":{\"Days\":10}},"
            + "{\"ID\":\"cold\",\"Filter\":{\"Tag\":{\"Key\":\"tier\",\"Value\":\"cold\"}},"
            + "\"Status\":\"Enabled\",\"Transitions\":[{\"Days\":1,\"StorageClass\":\"GLACIER\"}]},"
            + "{\"ID\":\"big\",\"Filter\":{\"And\":{\"Prefix\":\"data/\",\"ObjectSizeGreaterThan\":100}},"
            + "\"Status\":\"Enabled\",\"Transitions\":[{\"Days\":1,\"StorageClass\":\"DEEP_ARCHIVE\"}]},"
            + "{\"ID\":\"off\",\"Filter\":{},\"Status\":\"Disabled\",\"Expiration\":{\"Days\":1}}]}";
    bucket("filters", null);
    lifecycle("filters", rule, null);
    put("filters", "logs/a", SEED_OBJECT, Map.of());
    put("filters", "other/logs/a", SEED_OBJECT, Map.of());
    put("filters", "tagged", SEED_OBJECT, Map.of("tier", "cold"));
    put("filters", "tagged-warm", SEED_OBJECT, Map.of("tier", "warm"));
    put("filters", "data/big", new byte[101], Map.of());
    put("filters", "data/small", new byte[100], Map.of());

    advanceToDay(2);
    assertThat(storageClass("filters", "tagged")).isEqualTo("GLACIER");
    assertThat(storageClass("filters", "tagged-warm")).isEqualTo("STANDARD");
    assertThat(storageClass("filters", "data/big")).isEqualTo("DEEP_ARCHIVE");
    assertThat(storageClass("filters", "data/small")).isEqualTo("STANDARD");
    assertThat(keys("filters")).contains("logs/a");
    advanceToDay(11);
    assertThat(keys("filters"))
        .containsExactly("data/big", "data/small", "other/logs/a", "tagged", "tagged-warm");
  }

  @Test
  void noncurrentVersionsExpireKeepingNewerOnesAndExpiredDeleteMarkersGo() {
    String rule =
        "{\"Rules\":["
            + "{\"ID\":\"keep-one\",\"Filter\":{\"Prefix\":\"keep/\"},\"Status\":\"Enabled\","
            + "\"NoncurrentVersionTransitions\":[{\"NoncurrentDays\":5,\"StorageClass\":\"GLACIER\"}],"
            + "\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":10,\"NewerNoncurrentVersions\":1}},"
            + "{\"ID\":\"gone\",\"Filter\":{\"Prefix\":\"gone/\"},\"Status\":\"Enabled\","
            + "\"Expiration\":{\"ExpiredObjectDeleteMarker\":true},"
            + "\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":10}}]}";
    bucket("history", VersioningState.ENABLED);
    lifecycle("history", rule, null);
    String v1 = put("history", "keep/k", SEED_OBJECT, Map.of());
    clock.advance(Duration.ofHours(1));
    String v2 = put("history", "keep/k", SEED_OBJECT, Map.of());
    clock.advance(Duration.ofHours(1));
    String v3 = put("history", "keep/k", SEED_OBJECT, Map.of());
    put("history", "gone/g", SEED_OBJECT, Map.of());
    store.delete("history", "gone/g", null);

    advanceToDay(4);
    assertThat(describe(versions("history", "keep/")))
        .containsExactly(v3 + " STANDARD latest", v2 + " STANDARD", v1 + " STANDARD");
    advanceToDay(6);
    assertThat(describe(versions("history", "keep/")))
        .containsExactly(v3 + " STANDARD latest", v2 + " GLACIER", v1 + " GLACIER");
    assertThat(versions("history", "gone/")).hasSize(2);
    advanceToDay(11);
    // v1 has one newer noncurrent version (v2), which is retained.
    assertThat(describe(versions("history", "keep/")))
        .containsExactly(v3 + " STANDARD latest", v2 + " GLACIER");
    // The noncurrent version went, then its now lone delete marker, in the same clock move.
    assertThat(versions("history", "gone/")).isEmpty();
    assertThat(events()).isEmpty(); // the bucket has no notification configuration
  }

  @Test
  void incompleteMultipartUploadsAreAborted() {
    String rule =
        "{\"Rules\":[{\"ID\":\"abort\",\"Filter\":{\"Prefix\":\"tmp/\"},\"Status\":\"Enabled\","
            + "\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":7}}]}";
    bucket("uploads", null);
    lifecycle("uploads", rule, null);
    MultipartUpload doomed = store.createUpload("uploads", "tmp/x", ObjectAttributes.of(OWNER));
    MultipartUpload kept = store.createUpload("uploads", "keep/x", ObjectAttributes.of(OWNER));

    advanceToDay(6);
    assertThat(store.upload("uploads", "tmp/x", doomed.uploadId())).isNotNull();
    advanceToDay(8);
    assertThatThrownBy(() -> store.upload("uploads", "tmp/x", doomed.uploadId()))
        .isInstanceOfSatisfying(
            S3StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(S3StoreException.Reason.NO_SUCH_UPLOAD));
    assertThat(store.upload("uploads", "keep/x", kept.uploadId())).isNotNull();
  }

  @Test
  void aChangedConfigurationIsReadAgainAndAClosedEngineDoesNothing() {
    bucket("changing", null);
    lifecycle(
        "changing",
        "{\"Rules\":[{\"ID\":\"a\",\"Filter\":{},\"Status\":\"Enabled\",\"Expiration\":{\"Days\":5}}]}",
        null);
    put("changing", "a", SEED_OBJECT, Map.of());
    advanceToDay(1);
    lifecycle(
        "changing",
        "{\"Rules\":[{\"ID\":\"a\",\"Filter\":{},\"Status\":\"Disabled\",\"Expiration\":{\"Days\":5}}]}",
        null);
    advanceToDay(6);
    assertThat(keys("changing")).containsExactly("a");

    lifecycle(
        "changing",
        "{\"Rules\":[{\"ID\":\"a\",\"Filter\":{},\"Status\":\"Enabled\",\"Expiration\":{\"Days\":5}}]}",
        null);
    engine.close();
    advanceToDay(7);
    assertThat(keys("changing")).containsExactly("a");
  }

  @Test
  void onTheSystemClockItRunsPeriodicallyUntilClosed() throws Exception {
    Instant now = T0.plus(Duration.ofDays(3));
    BasinClock fixed = () -> now; // a clock that is not a TestClock: the engine's timer drives it
    bucket("periodic", null);
    lifecycle(
        "periodic",
        "{\"Rules\":[{\"ID\":\"d\",\"Filter\":{},\"Status\":\"Enabled\","
            + "\"Expiration\":{\"Date\":\"2025-03-02T00:00:00Z\"}}]}",
        null);
    put("periodic", "a", SEED_OBJECT, Map.of());
    S3LifecycleEngine periodic =
        new S3LifecycleEngine(store, fixed, new S3Notifier(store, events, fixed))
            .start(Duration.ofMillis(20));
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!keys("periodic").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(keys("periodic")).isEmpty();
    } finally {
      periodic.close();
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("basin-s3-lifecycle") && t.isAlive());
  }

  @Test
  void storedDocumentsCarryTheMinimumSizeSetting() {
    assertThat(S3LifecycleDocument.minimumSize(null))
        .isEqualTo(TransitionMinimumSize.VARIES_BY_STORAGE_CLASS);
    assertThat(S3LifecycleDocument.minimumSize("all_storage_classes_128K"))
        .isEqualTo(TransitionMinimumSize.ALL_STORAGE_CLASSES_128K);
    assertThatThrownBy(() -> S3LifecycleDocument.minimumSize("all_storage_classes_64K"))
        .hasMessageContaining("TransitionDefaultMinimumObjectSize");
    // A document stored before Basin kept the setting reads as the default.
    ObjectNode old = (ObjectNode) S3Support.fromJson(SEED_RULE);
    assertThat(S3LifecycleDocument.toOutput(old).get("TransitionDefaultMinimumObjectSize").asText())
        .isEqualTo("varies_by_storage_class");
    assertThat(S3LifecycleDocument.read(SEED_RULE, codec()).minimumSize())
        .isEqualTo(TransitionMinimumSize.VARIES_BY_STORAGE_CLASS);
  }

  // ---------------------------------------------------------------- helpers

  private static LifecycleCodec codec() {
    return new LifecycleCodec(() -> "generated");
  }

  /** A bucket that sends every event to EventBridge, so that lifecycle events are published. */
  private void bucket(String name, VersioningState versioning) {
    store.createBucket(name, "us-east-1", OWNER);
    if (versioning != null) {
      store.setVersioning(name, versioning);
    }
    if (!name.equals("history")) {
      store.putConfig(name, S3BucketOperations.NOTIFICATION, "{\"EventBridgeConfiguration\":{}}");
    }
  }

  /** Stores {@code json} as PutBucketLifecycleConfiguration does. */
  private void lifecycle(String bucket, String json, TransitionMinimumSize minimumSize) {
    ObjectNode canonical = LifecycleCodec.toValue(codec().parse(S3Support.fromJson(json)));
    ObjectNode stored =
        S3LifecycleDocument.toStored(
            canonical,
            minimumSize == null
                ? S3LifecycleDocument.minimumSize(null)
                : S3LifecycleDocument.minimumSize(minimumSize.wireValue()));
    store.putConfig(bucket, S3BucketOperations.LIFECYCLE, S3Support.toJson(stored));
  }

  private String put(String bucket, String key, byte[] bytes, Map<String, String> tags) {
    try (StagedBody body = store.stage(bytes, Set.of())) {
      return store
          .putObject(bucket, key, body, ObjectAttributes.of(OWNER).withTags(tags))
          .version()
          .versionId();
    }
  }

  private void advanceToDay(int day) {
    clock.set(T0.plus(Duration.ofDays(day)));
  }

  private String storageClass(String bucket, String key) {
    return store.head(bucket, key, null).attributes().storageClass();
  }

  private List<ObjectVersion> versions(String bucket) {
    return versions(bucket, "");
  }

  private List<ObjectVersion> versions(String bucket, String prefix) {
    return store
        .listVersions(bucket, new ListVersionsQuery(prefix, null, null, null, 1000))
        .versions();
  }

  private List<String> keys(String bucket) {
    return versions(bucket).stream()
        .filter(v -> v.latest() && !v.deleteMarker())
        .map(ObjectVersion::key)
        .toList();
  }

  private static List<String> describe(List<ObjectVersion> versions) {
    return versions.stream()
        .map(
            v ->
                v.versionId() + " " + v.attributes().storageClass() + (v.latest() ? " latest" : ""))
        .toList();
  }

  private List<String> events() {
    assertThat(events.awaitIdle(Duration.ofSeconds(10))).isTrue();
    synchronized (eventNames) {
      return List.copyOf(eventNames);
    }
  }
}
