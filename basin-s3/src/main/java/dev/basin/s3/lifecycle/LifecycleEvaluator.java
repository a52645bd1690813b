package dev.basin.s3.lifecycle;

import dev.basin.s3.lifecycle.LifecycleConfiguration.Expiration;
import dev.basin.s3.lifecycle.LifecycleConfiguration.Filter;
import dev.basin.s3.lifecycle.LifecycleConfiguration.NoncurrentExpiration;
import dev.basin.s3.lifecycle.LifecycleConfiguration.NoncurrentTransition;
import dev.basin.s3.lifecycle.LifecycleConfiguration.Rule;
import dev.basin.s3.lifecycle.LifecycleConfiguration.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, as a pure function of a configuration, an object version's facts and the time, which
 * lifecycle action is due.
 *
 * <p>Timing (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html">Lifecycle
 * rules</a>): a {@code Days} action is due at the creation time (for noncurrent versions, the time
 * the version became noncurrent) plus that many days, rounded up to the next midnight UTC; a {@code
 * Date} action is due at that date.
 *
 * <p>Conflicts (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-conflicts.html">How S3
 * handles conflicts</a>): permanent deletion wins over transition, transition over placing a delete
 * marker, and of two transitions the colder class wins. Transitions only move an object to a colder
 * class than its own, and by default not objects under 128 KB ({@code
 * TransitionDefaultMinimumObjectSize}); a rule with an object size filter sets its own bounds.
 */
public final class LifecycleEvaluator {
  private static final long DAY_SECONDS = 86_400;
  private static final long SMALL_OBJECT = 128 * 1024;

  /** The bucket's {@code TransitionDefaultMinimumObjectSize}. */
  public enum TransitionMinimumSize {
    /** No object under 128 KB transitions (the default since September 2024). */
    ALL_STORAGE_CLASSES_128K,
    /** Objects under 128 KB transition to the Glacier classes, not to the others. */
    VARIES_BY_STORAGE_CLASS;

    /** The value-form text, e.g. {@code all_storage_classes_128K}. */
    public String wireValue() {
      return switch (this) {
        case ALL_STORAGE_CLASSES_128K -> "all_storage_classes_128K";
        case VARIES_BY_STORAGE_CLASS -> "varies_by_storage_class";
      };
    }
  }

  private final TransitionMinimumSize minimumSize;

  public LifecycleEvaluator(TransitionMinimumSize minimumSize) {
    this.minimumSize = minimumSize;
  }

  /** The action due for {@code version} at {@code now}, if any. */
  public Optional<LifecycleAction> evaluate(
      LifecycleConfiguration config, ObjectVersionFacts version, Instant now) {
    LifecycleAction best = null;
    for (Rule rule : config.rules()) {
      if (!rule.enabled() || !applies(rule.filter(), version)) {
        continue;
      }
      LifecycleAction action =
          version.current()
              ? evaluateCurrent(rule, version, now)
              : evaluateNoncurrent(rule, version, now);
      if (action != null && (best == null || outranks(action, best))) {
        best = action;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The ID of the first enabled rule whose {@code AbortIncompleteMultipartUpload} is due for an
   * upload of {@code key} initiated at {@code initiated}.
   */
  public static Optional<String> abortingRule(
      LifecycleConfiguration config, String key, Instant initiated, Instant now) {
    for (Rule rule : config.rules()) {
      Integer days = rule.abortIncompleteDaysAfterInitiation();
      if (rule.enabled()
          && days != null
          && prefixMatches(rule.filter(), key)
          && !now.isBefore(dueAfterDays(initiated, days))) {
        return Optional.of(rule.id());
      }
    }
    return Optional.empty();
  }

  /** {@code start} plus {@code days} days, rounded up to the next midnight UTC. */
  static Instant dueAfterDays(Instant start, int days) {
    Instant t = start.plus(Duration.ofDays(days));
    long seconds = t.getEpochSecond();
    long floor = Math.floorDiv(seconds, DAY_SECONDS) * DAY_SECONDS;
    if (floor == seconds && t.getNano() == 0) {
      return t;
    }
    return Instant.ofEpochSecond(floor + DAY_SECONDS);
  }

  private LifecycleAction evaluateCurrent(Rule rule, ObjectVersionFacts v, Instant now) {
    Expiration expiration = rule.expiration();
    if (v.deleteMarker()) {
      if (expiration == null || !v.onlyVersion()) {
        return null;
      }
      boolean due =
          Boolean.TRUE.equals(expiration.expiredObjectDeleteMarker())
              || (expiration.days() != null
                  && !now.isBefore(dueAfterDays(v.createdAt(), expiration.days())));
      return due ? new LifecycleAction.RemoveExpiredDeleteMarker(rule.id()) : null;
    }
    LifecycleAction best = null;
    if (expiration != null && isDue(expiration.days(), expiration.date(), v.createdAt(), now)) {
      best =
          v.versioned()
              ? new LifecycleAction.PlaceDeleteMarker(rule.id())
              : new LifecycleAction.DeleteCurrent(rule.id());
    }
    for (Transition t : rule.transitions()) {
      if (isDue(t.days(), t.date(), v.createdAt(), now)
          && canTransition(rule, v, t.storageClass())) {
        LifecycleAction action = new LifecycleAction.TransitionTo(rule.id(), t.storageClass());
        if (best == null || outranks(action, best)) {
          best = action;
        }
      }
    }
    return best;
  }

  private LifecycleAction evaluateNoncurrent(Rule rule, ObjectVersionFacts v, Instant now) {
    NoncurrentExpiration expiration = rule.noncurrentExpiration();
    if (expiration != null
        && keepsEnoughNewer(expiration.newerNoncurrentVersions(), v)
        && !now.isBefore(dueAfterDays(v.noncurrentSince(), expiration.noncurrentDays()))) {
      return new LifecycleAction.DeleteNoncurrentVersion(rule.id());
    }
    if (v.deleteMarker()) {
      return null;
    }
    LifecycleAction best = null;
    for (NoncurrentTransition t : rule.noncurrentTransitions()) {
      if (keepsEnoughNewer(t.newerNoncurrentVersions(), v)
          && !now.isBefore(dueAfterDays(v.noncurrentSince(), t.noncurrentDays()))
          && canTransition(rule, v, t.storageClass())) {
        LifecycleAction action = new LifecycleAction.TransitionTo(rule.id(), t.storageClass());
        if (best == null || outranks(action, best)) {
          best = action;
        }
      }
    }
    return best;
  }

  /** {@code NewerNoncurrentVersions}: act only once that many newer noncurrent versions exist. */
  private static boolean keepsEnoughNewer(Integer retained, ObjectVersionFacts v) {
    return retained == null || v.newerNoncurrentVersions() >= retained;
  }

  private static boolean isDue(Integer days, Instant date, Instant createdAt, Instant now) {
    if (days != null) {
      return !now.isBefore(dueAfterDays(createdAt, days));
    }
    return date != null && !now.isBefore(date);
  }

  private boolean canTransition(Rule rule, ObjectVersionFacts v, String target) {
    if (StorageTiers.rank(target) <= StorageTiers.rank(v.storageClass())) {
      return false;
    }
    if (rule.filter().hasSizeBounds() || v.size() >= SMALL_OBJECT) {
      return true;
    }
    return switch (minimumSize) {
      case ALL_STORAGE_CLASSES_128K -> false;
      case VARIES_BY_STORAGE_CLASS -> target.equals("GLACIER") || target.equals("DEEP_ARCHIVE");
    };
  }

  private static boolean outranks(LifecycleAction a, LifecycleAction b) {
    int ra = weight(a);
    int rb = weight(b);
    return ra > rb;
  }

  /** Permanent deletions first, then transitions (colder first), then delete markers. */
  private static int weight(LifecycleAction action) {
    if (action.isPermanentDeletion()) {
      return 100;
    }
    if (action instanceof LifecycleAction.TransitionTo t) {
      return 10 + StorageTiers.rank(t.storageClass());
    }
    return 1;
  }

  private static boolean applies(Filter filter, ObjectVersionFacts v) {
    if (!prefixMatches(filter, v.key())) {
      return false;
    }
    if (v.deleteMarker() && (filter.hasTags() || filter.hasSizeBounds())) {
      return false; // delete markers have neither tags nor size
    }
    for (Map.Entry<String, String> tag : filter.tags().entrySet()) {
      if (!tag.getValue().equals(v.tags().get(tag.getKey()))) {
        return false;
      }
    }
    if (filter.objectSizeGreaterThan() != null && v.size() <= filter.objectSizeGreaterThan()) {
      return false;
    }
    return filter.objectSizeLessThan() == null || v.size() < filter.objectSizeLessThan();
  }

  private static boolean prefixMatches(Filter filter, String key) {
    return filter.prefix() == null || key.startsWith(filter.prefix());
  }
}
