package dev.basin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.protocol.AwsException;
import dev.basin.s3.ByteRanges.ByteRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({
    "bytes=0-9,       100, 0,  10, bytes 0-9/100",
    "bytes=10-19,     100, 10, 10, bytes 10-19/100",
    "bytes=90-200,    100, 90, 10, bytes 90-99/100",
    "bytes=99-99,     100, 99, 1,  bytes 99-99/100",
    "bytes=50-,       100, 50, 50, bytes 50-99/100",
    "bytes=0-,        100, 0,  100, bytes 0-99/100",
    "bytes=-10,       100, 90, 10, bytes 90-99/100",
    "bytes=-100,      100, 0,  100, bytes 0-99/100",
    "bytes=-500,      100, 0,  100, bytes 0-99/100",
    "BYTES=1-2,       100, 1,  2,  bytes 1-2/100",
    "'bytes= 1 - 2 ', 100, 1,  2,  bytes 1-2/100",
    "bytes=0-99999999999999999999999, 5, 0, 5, bytes 0-4/5"
  })
  void servesSatisfiableRanges(
      String header, long size, long offset, long length, String contentRange) {
    ByteRange range = ByteRanges.parse(header, size);
    assertThat(range).isEqualTo(new ByteRange(offset, length, size));
    assertThat(range.contentRange()).isEqualTo(contentRange);
    assertThat(range.last()).isEqualTo(offset + length - 1);
  }

  @ParameterizedTest(name = "{0}")
  @NullSource
  @ValueSource(
      strings = {
        "bytes=0-1,5-6", // S3 serves one range only: ignored
        "items=0-1",
        "bytes=",
        "bytes=-",
        "bytes=abc",
        "bytes=a-b",
        "bytes=1-a",
        "bytes=5-2", // last before first: syntactically invalid
        "bytes 0-1",
        "0-1"
      })
  void ignoresHeadersS3CannotUse(String header) {
    assertThat(ByteRanges.parse(header, 100)).isNull();
  }

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({
    "bytes=100-,    100",
    "bytes=100-200, 100",
    "bytes=1000-1,  100",
    "bytes=-0,      100",
    "bytes=0-,      0",
    "bytes=0-0,     0",
    "bytes=-5,      0",
    "bytes=99999999999999999999999-, 5"
  })
  void refusesUnsatisfiableRanges(String header, long size) {
    if (header.equals("bytes=1000-1")) {
      // last < first is invalid syntax, not unsatisfiable
      assertThat(ByteRanges.parse(header, size)).isNull();
      return;
    }
    assertThatThrownBy(() -> ByteRanges.parse(header, size))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidRange");
              assertThat(e.status()).isEqualTo(416);
              assertThat(e.fields())
                  .containsEntry("ActualObjectSize", size)
                  .containsEntry("RangeRequested", header);
            });
  }

  @ParameterizedTest(name = "part {0}")
  @CsvSource({"1, 0, 5", "2, 5, 5", "3, 10, 3"})
  void resolvesParts(int part, long offset, long length) {
    ByteRange range = ByteRanges.forPart(part, new long[] {5, 5, 3});
    assertThat(range).isEqualTo(new ByteRange(offset, length, 13));
  }

  @Test
  void anObjectNotUploadedInPartsIsOnePart() {
    assertThat(ByteRanges.forPart(1, new long[] {42}).contentRange()).isEqualTo("bytes 0-41/42");
    assertThatThrownBy(() -> ByteRanges.forPart(2, new long[] {42}))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidPartNumber");
              assertThat(e.status()).isEqualTo(416);
              assertThat(e.fields()).containsEntry("ActualPartCount", 1);
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 10_001})
  void partNumbersOutsideTheLimitsAreInvalidArguments(int part) {
    assertThatThrownBy(() -> ByteRanges.forPart(part, new long[] {1}))
        .isInstanceOfSatisfying(
            AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
  }

  @Test
  void rangeAndPartNumberTogetherAreRefused() {
    ByteRanges.requireNotBoth("bytes=0-1", null);
    ByteRanges.requireNotBoth(null, "1");
    assertThatThrownBy(() -> ByteRanges.requireNotBoth("bytes=0-1", "1"))
        .isInstanceOfSatisfying(
            AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"));
  }
}
