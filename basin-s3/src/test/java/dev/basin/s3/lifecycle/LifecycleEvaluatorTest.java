package dev.basin.s3.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.s3.lifecycle.LifecycleEvaluator.TransitionMinimumSize;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleEvaluatorTest {
  private static final LifecycleCodec CODEC = new LifecycleCodec(() -> "id");
  private static final LifecycleEvaluator EVALUATOR =
      new LifecycleEvaluator(TransitionMinimumSize.ALL_STORAGE_CLASSES_128K);
  private static final Instant CREATED = Instant.parse("2024-01-01T10:30:00Z");
  private static final long BIG = 1 << 20;

  private static LifecycleConfiguration config(String json) {
    return CODEC.parse(LifecycleCodecTest.json(json));
  }

  private static ObjectVersionFacts current(
      String key, long size, String storageClass, boolean versioned) {
    return new ObjectVersionFacts(
        key, size, Map.of(), storageClass, CREATED, true, false, null, 0, false, versioned);
  }

  private static String describe(Optional<LifecycleAction> action) {
    return action
        .map(
            a ->
                a instanceof LifecycleAction.TransitionTo t
                    ? "TransitionTo " + t.storageClass()
                    : a.getClass().getSimpleName())
        .orElse("none");
  }

  @Test
  void roundsUpToTheNextMidnightUtc() {
    // AWS's example: created 1/15/2014 10:30 UTC + 3 days -> 1/19/2014 00:00 UTC
    assertThat(LifecycleEvaluator.dueAfterDays(Instant.parse("2014-01-15T10:30:00Z"), 3))
        .isEqualTo(Instant.parse("2014-01-19T00:00:00Z"));
    assertThat(LifecycleEvaluator.dueAfterDays(Instant.parse("2014-01-15T00:00:00Z"), 3))
        .isEqualTo(Instant.parse("2014-01-18T00:00:00Z"));
    assertThat(LifecycleEvaluator.dueAfterDays(Instant.parse("2014-01-15T00:00:00.001Z"), 0))
        .isEqualTo(Instant.parse("2014-01-16T00:00:00Z"));
  }

  /**
   * The seed's rule on an object created 2024-01-01 10:30: transition due 2024-02-01 00:00 (30
   * days, rounded up), expiration due 2024-04-01 00:00 (90 days; 2024 is a leap year).
   */
  @ParameterizedTest(name = "day {0} {1} in {2}, versioned={3} -> {4}")
  @CsvSource({
    "29, 0,  STANDARD, false, none",
    "30, 0,  STANDARD, false, none", // 2024-01-31 10:30, before the rounded-up midnight
    "30, 14, STANDARD, false, TransitionTo GLACIER", // 2024-02-01 00:30
    "31, 0,  STANDARD, false, TransitionTo GLACIER",
    "31, 0,  GLACIER,  false, none", // already there
    "89, 0,  GLACIER,  false, none",
    "89, 0,  STANDARD, false, TransitionTo GLACIER",
    "91, 0,  GLACIER,  false, DeleteCurrent",
    "91, 0,  STANDARD, false, DeleteCurrent", // permanent deletion beats transition
    "91, 0,  GLACIER,  true,  PlaceDeleteMarker",
    "91, 0,  STANDARD, true,  TransitionTo GLACIER", // transition beats delete marker
  })
  void seedRule(int day, int extraHours, String storageClass, boolean versioned, String expected) {
    Instant now = CREATED.plus(Duration.ofDays(day)).plus(Duration.ofHours(extraHours));
    assertThat(
            describe(
                EVALUATOR.evaluate(
                    config(LifecycleCodecTest.SEED),
                    current("a.json", BIG, storageClass, versioned),
                    now)))
        .isEqualTo(expected);
  }

  @Test
  void disabledRulesAndOtherPrefixesDoNothing() {
    Instant late = CREATED.plus(Duration.ofDays(400));
    assertThat(
            EVALUATOR.evaluate(
                config(
                    "{'Rules':[{'ID':'a','Prefix':'','Status':'Disabled','Expiration':{'Days':1}}]}"),
                current("k", BIG, "STANDARD", false),
                late))
        .isEmpty();
    assertThat(
            EVALUATOR.evaluate(
                config(
                    "{'Rules':[{'ID':'a','Filter':{'Prefix':'logs/'},'Status':'Enabled','Expiration':{'Days':1}}]}"),
                current("data/k", BIG, "STANDARD", false),
                late))
        .isEmpty();
    assertThat(
            EVALUATOR.evaluate(
                config(
                    "{'Rules':[{'ID':'a','Filter':{'Prefix':'logs/'},'Status':'Enabled','Expiration':{'Days':1}}]}"),
                current("logs/k", BIG, "STANDARD", false),
                late))
        .contains(new LifecycleAction.DeleteCurrent("a"));
  }

  @ParameterizedTest(name = "tags={0} size={1} -> {2}")
  @CsvSource({
    "env=prod, 100, DeleteCurrent",
    "env=dev,  100, none",
    "'',       100, none",
    "env=prod, 5,   none",
    "env=prod, 2000, none",
  })
  void andFiltersNeedEveryPredicate(String tag, long size, String expected) {
    LifecycleConfiguration c =
        config(
            "{'Rules':[{'ID':'a','Filter':{'And':{'Prefix':'p/','Tags':[{'Key':'env','Value':'prod'}],'ObjectSizeGreaterThan':5,'ObjectSizeLessThan':2000}},'Status':'Enabled','Expiration':{'Days':1}}]}");
    Map<String, String> tags =
        tag.isEmpty() ? Map.of() : Map.of(tag.split("=")[0], tag.split("=")[1]);
    ObjectVersionFacts v =
        new ObjectVersionFacts(
            "p/x", size, tags, "STANDARD", CREATED, true, false, null, 0, false, false);
    assertThat(describe(EVALUATOR.evaluate(c, v, CREATED.plus(Duration.ofDays(5)))))
        .isEqualTo(expected);
  }

  @Test
  void dateActionsAreDueAtTheirDate() {
    LifecycleConfiguration c =
        config(
            "{'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Date':1735689600}}]}");
    Instant date = Instant.ofEpochSecond(1735689600);
    assertThat(EVALUATOR.evaluate(c, current("k", 1, "STANDARD", false), date.minusSeconds(1)))
        .isEmpty();
    assertThat(EVALUATOR.evaluate(c, current("k", 1, "STANDARD", false), date))
        .contains(new LifecycleAction.DeleteCurrent("a"));
  }

  @ParameterizedTest(name = "{0} bytes to {1} with {2} -> {3}")
  @CsvSource({
    "1000,   GLACIER,     ALL_STORAGE_CLASSES_128K, none",
    "131072, GLACIER,     ALL_STORAGE_CLASSES_128K, TransitionTo GLACIER",
    "1000,   GLACIER,     VARIES_BY_STORAGE_CLASS,  TransitionTo GLACIER",
    "1000,   STANDARD_IA, VARIES_BY_STORAGE_CLASS,  none",
  })
  void smallObjectsDoNotTransitionByDefault(
      long size, String storageClass, TransitionMinimumSize minimum, String expected) {
    LifecycleConfiguration c =
        config(
            "{'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':30,'StorageClass':'"
                + storageClass
                + "'}]}]}");
    assertThat(
            describe(
                new LifecycleEvaluator(minimum)
                    .evaluate(
                        c,
                        current("k", size, "STANDARD", false),
                        CREATED.plus(Duration.ofDays(40)))))
        .isEqualTo(expected);
  }

  @Test
  void aSizeFilterOverridesTheDefaultMinimum() {
    LifecycleConfiguration c =
        config(
            "{'Rules':[{'ID':'a','Filter':{'ObjectSizeGreaterThan':10},'Status':'Enabled','Transitions':[{'Days':0,'StorageClass':'GLACIER'}]}]}");
    assertThat(
            EVALUATOR.evaluate(
                c, current("k", 1000, "STANDARD", false), CREATED.plus(Duration.ofDays(1))))
        .contains(new LifecycleAction.TransitionTo("a", "GLACIER"));
  }

  @Test
  void theColdestDueTransitionWins() {
    LifecycleConfiguration c =
        config(
            "{'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':30,'StorageClass':'STANDARD_IA'},{'Days':60,'StorageClass':'GLACIER'}]}]}");
    ObjectVersionFacts v = current("k", BIG, "STANDARD", false);
    assertThat(EVALUATOR.evaluate(c, v, CREATED.plus(Duration.ofDays(45))))
        .contains(new LifecycleAction.TransitionTo("a", "STANDARD_IA"));
    assertThat(EVALUATOR.evaluate(c, v, CREATED.plus(Duration.ofDays(61))))
        .contains(new LifecycleAction.TransitionTo("a", "GLACIER"));
  }

  @ParameterizedTest(name = "noncurrent for {0} days, {1} newer -> {2}")
  @CsvSource({
    "2,  5, none",
    "5,  5, TransitionTo GLACIER",
    "8,  5, TransitionTo GLACIER", // since + 8 days is 10:30, expiration waits for midnight
    "9,  5, DeleteNoncurrentVersion", // deletion beats transition
    "10, 1, TransitionTo GLACIER", // expiration keeps the 2 newest noncurrent versions
    "10, 2, DeleteNoncurrentVersion",
  })
  void noncurrentVersions(int days, int newer, String expected) {
    LifecycleConfiguration c =
        config(
            "{'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','NoncurrentVersionTransitions':[{'NoncurrentDays':3,'StorageClass':'GLACIER'}],'NoncurrentVersionExpiration':{'NoncurrentDays':8,'NewerNoncurrentVersions':2}}]}");
    Instant since = CREATED.plus(Duration.ofDays(100));
    ObjectVersionFacts v =
        new ObjectVersionFacts(
            "k", BIG, Map.of(), "STANDARD", CREATED, false, false, since, newer, false, true);
    assertThat(describe(EVALUATOR.evaluate(c, v, since.plus(Duration.ofDays(days)))))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "only version={0}, {1} days -> {2} with {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "true  | 0  | RemoveExpiredDeleteMarker | {'ExpiredObjectDeleteMarker':true}",
        "false | 99 | none                      | {'ExpiredObjectDeleteMarker':true}",
        "true  | 3  | none                      | {'Days':5}",
        "true  | 6  | RemoveExpiredDeleteMarker | {'Days':5}",
        "true  | 99 | none                      | {'ExpiredObjectDeleteMarker':false}",
      })
  void expiredDeleteMarkers(boolean onlyVersion, int days, String expected, String expiration) {
    LifecycleConfiguration c =
        config(
            "{'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':"
                + expiration
                + "}]}");
    ObjectVersionFacts marker =
        new ObjectVersionFacts(
            "k", 0, Map.of(), "STANDARD", CREATED, true, true, null, 0, onlyVersion, true);
    assertThat(describe(EVALUATOR.evaluate(c, marker, CREATED.plus(Duration.ofDays(days)))))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "key {0} after {1} days -> {2}")
  @CsvSource({
    "tmp/a, 6, ",
    "tmp/a, 8, abort",
    "keep/a, 30, ",
  })
  void abortsIncompleteUploads(String key, int days, String expected) {
    LifecycleConfiguration c =
        config(
            "{'Rules':[{'ID':'abort','Filter':{'Prefix':'tmp/'},'Status':'Enabled','AbortIncompleteMultipartUpload':{'DaysAfterInitiation':7}}]}");
    assertThat(
            LifecycleEvaluator.abortingRule(c, key, CREATED, CREATED.plus(Duration.ofDays(days))))
        .isEqualTo(Optional.ofNullable(expected));
  }
}
