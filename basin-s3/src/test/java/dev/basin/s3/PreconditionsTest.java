package dev.basin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.s3.Preconditions.Conditions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreconditionsTest {
  private static final String ETAG = "\"abc123\"";
  private static final Instant MODIFIED = Instant.parse("2024-05-01T12:00:00.700Z");
  private static final Instant BEFORE = Instant.parse("2024-05-01T11:00:00Z");
  private static final Instant SAME_SECOND = Instant.parse("2024-05-01T12:00:00Z");
  private static final Instant AFTER = Instant.parse("2024-05-01T13:00:00Z");

  /** Outcome of a read: 200, 304, or 412 with the failing condition. */
  private static String read(Conditions c) {
    try {
      Preconditions.checkRead(c, ETAG, MODIFIED);
      return "200";
    } catch (AwsException e) {
      return e.status() == 412
          ? "412 " + e.fields().get("Condition")
          : Integer.toString(e.status());
    }
  }

  private static Instant time(String name) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "before" -> BEFORE;
      case "same" -> SAME_SECOND;
      case "after" -> AFTER;
      default -> null;
    };
  }

  @ParameterizedTest(name = "If-Match={0} If-None-Match={1} IMS={2} IUS={3} -> {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-,             -,         -,      -,      200",
        "\"abc123\",    -,         -,      -,      200",
        "abc123,        -,         -,      -,      200",
        "*,             -,         -,      -,      200",
        "'\"x\", \"abc123\"', -,   -,      -,      200",
        "\"other\",     -,         -,      -,      412 If-Match",
        "W/\"abc123\",  -,         -,      -,      412 If-Match",
        "-,             \"abc123\", -,     -,      304",
        "-,             W/\"abc123\", -,   -,      304",
        "-,             *,         -,      -,      304",
        "-,             \"other\", -,      -,      200",
        "-,             -,         before, -,      200",
        "-,             -,         same,   -,      304",
        "-,             -,         after,  -,      304",
        "-,             -,         -,      after,  200",
        "-,             -,         -,      same,   200",
        "-,             -,         -,      before, 412 If-Unmodified-Since",
        // S3: If-Match true wins over If-Unmodified-Since false
        "\"abc123\",    -,         -,      before, 200",
        // If-Match false fails whatever If-Unmodified-Since says
        "\"other\",     -,         -,      after,  412 If-Match",
        // S3: If-None-Match false (tag matches) with If-Modified-Since true -> 304
        "-,             \"abc123\", before, -,     304",
        // If-None-Match true (no match) decides alone: If-Modified-Since is ignored
        "-,             \"other\", after,  -,      200",
        // 412 before 304
        "\"other\",     \"abc123\", -,     -,      412 If-Match",
        "-,             \"abc123\", -,     before, 412 If-Unmodified-Since",
      })
  void readsFollowRfc9110AndS3(
      String ifMatch, String ifNoneMatch, String ims, String ius, String expected) {
    assertThat(read(new Conditions(ifMatch, ifNoneMatch, time(ims), time(ius))))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "copy If-Match={0} If-None-Match={1} IMS={2} IUS={3} -> {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-,          -,          -,      -,      -",
        "\"abc123\", -,          -,      before, -",
        "\"other\",  -,          -,      -,      x-amz-copy-source-If-Match",
        "-,          -,          -,      before, x-amz-copy-source-If-Unmodified-Since",
        // CopyObject: If-None-Match false with If-Modified-Since true -> 412, not 304
        "-,          \"abc123\", before, -,      x-amz-copy-source-If-None-Match",
        "-,          -,          after,  -,      x-amz-copy-source-If-Modified-Since",
        "-,          \"other\",  before, -,      -",
      })
  void copySourceFailuresAre412(
      String ifMatch, String ifNoneMatch, String ims, String ius, String condition) {
    Conditions c = new Conditions(ifMatch, ifNoneMatch, time(ims), time(ius));
    if (condition == null) {
      assertThatCode(() -> Preconditions.checkCopySource(c, ETAG, MODIFIED))
          .doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> Preconditions.checkCopySource(c, ETAG, MODIFIED))
          .isInstanceOfSatisfying(
              AwsException.class,
              e -> {
                assertThat(e.status()).isEqualTo(412);
                assertThat(e.fields()).containsEntry("Condition", condition);
              });
    }
  }

  @ParameterizedTest(name = "If-Match={0} If-None-Match={1} current={2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-,          -,     -,          ok",
        "-,          -,     \"abc\",    ok",
        "-,          *,     -,          ok",
        "-,          *,     \"abc\",    PreconditionFailed",
        "-,          ' * ', \"abc\",    PreconditionFailed",
        "-,          \"abc\", -,        NotImplemented",
        "\"abc\",    -,     \"abc\",    ok",
        "abc,        -,     \"abc\",    ok",
        "\"def\",    -,     \"abc\",    PreconditionFailed",
        "\"abc\",    -,     -,          NoSuchKey",
      })
  void conditionalWrites(String ifMatch, String ifNoneMatch, String current, String expected) {
    String outcome;
    try {
      Preconditions.checkWrite(ifMatch, ifNoneMatch, "k", current);
      outcome = "ok";
    } catch (AwsException e) {
      outcome = e.code();
    }
    assertThat(outcome).isEqualTo(expected);
  }

  @Test
  void readsConditionsFromTheValueForm() {
    ObjectNode input = new ObjectMapper().createObjectNode();
    input.put("IfMatch", "\"a\"");
    input.put("IfModifiedSince", 1714564800);
    input.put("CopySourceIfNoneMatch", "\"b\"");
    input.put("CopySourceIfUnmodifiedSince", "2024-05-01T12:00:00Z");
    assertThat(Conditions.ofRead(input))
        .isEqualTo(new Conditions("\"a\"", null, Instant.ofEpochSecond(1714564800), null));
    assertThat(Conditions.ofCopySource(input))
        .isEqualTo(new Conditions(null, "\"b\"", null, Instant.parse("2024-05-01T12:00:00Z")));
    assertThat(Conditions.ofRead(new ObjectMapper().createObjectNode()).isEmpty()).isTrue();
  }
}
