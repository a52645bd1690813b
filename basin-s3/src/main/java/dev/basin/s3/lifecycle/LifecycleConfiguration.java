package dev.basin.s3.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bucket's validated lifecycle configuration (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html">LifecycleRule</a>),
 * as {@link LifecycleCodec} parses it from and writes it back to the value form. Absent optional
 * elements are null, absent lists empty.
 */
public record LifecycleConfiguration(List<Rule> rules) {

  public LifecycleConfiguration {
    rules = List.copyOf(rules);
  }

  /** One rule; {@code id} is always set (S3 generates one when the request has none). */
  public record Rule(
      String id,
      boolean enabled,
      Filter filter,
      Expiration expiration,
      List<Transition> transitions,
      List<NoncurrentTransition> noncurrentTransitions,
      NoncurrentExpiration noncurrentExpiration,
      Integer abortIncompleteDaysAfterInitiation) {

    public Rule {
      transitions = List.copyOf(transitions);
      noncurrentTransitions = List.copyOf(noncurrentTransitions);
    }
  }

  /**
   * Which element of the request selected the objects, kept so that the configuration reads back as
   * it was written: the deprecated rule-level {@code Prefix}, an empty {@code Filter}, or a {@code
   * Filter} with one predicate or an {@code And}.
   */
  public enum FilterForm {
    LEGACY_PREFIX,
    EMPTY,
    PREFIX,
    TAG,
    OBJECT_SIZE_GREATER_THAN,
    OBJECT_SIZE_LESS_THAN,
    AND
  }

  /**
   * The objects a rule applies to: key prefix, every tag, and strict size bounds must all hold;
   * null (or empty) parts hold for every object.
   */
  public record Filter(
      FilterForm form,
      String prefix,
      Map<String, String> tags,
      Long objectSizeGreaterThan,
      Long objectSizeLessThan) {

    public Filter {
      tags = tags == null ? Map.of() : tags;
    }

    public boolean hasTags() {
      return !tags.isEmpty();
    }

    public boolean hasSizeBounds() {
      return objectSizeGreaterThan != null || objectSizeLessThan != null;
    }

    /** The prefix as S3 names it in its messages: {@code (prefix=logs/)}. */
    String describe() {
      return "(prefix=" + (prefix == null ? "" : prefix) + ")";
    }
  }

  /** Exactly one of {@code days}, {@code date} and {@code expiredObjectDeleteMarker} is set. */
  public record Expiration(Integer days, Instant date, Boolean expiredObjectDeleteMarker) {}

  /** Exactly one of {@code days} and {@code date} is set. */
  public record Transition(Integer days, Instant date, String storageClass) {}

  public record NoncurrentTransition(
      int noncurrentDays, String storageClass, Integer newerNoncurrentVersions) {}

  public record NoncurrentExpiration(int noncurrentDays, Integer newerNoncurrentVersions) {}
}
