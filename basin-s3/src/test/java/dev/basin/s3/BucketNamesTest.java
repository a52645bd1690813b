package dev.basin.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.protocol.AwsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "my-bucket",
        "my.bucket.name",
        "bharat-pw-bucket",
        "s3access-bharat-pw-bucket",
        "123",
        "1.2.3",
        "1.2.3.4.5",
        "a-b.c-d",
        "xn-a",
        "sthree",
        "bucket-s3alia",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" // 63
      })
  void acceptsValidNames(String name) {
    assertThat(BucketNames.isValid(name)).isTrue();
    BucketNames.validate(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bharat-pw-bucket", // uppercase, from the seed
        "ab",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // 64
        "-bucket",
        "bucket-",
        ".bucket",
        "bucket.",
        "my..bucket",
        "my_bucket",
        "my bucket",
        "bücket",
        "192.168.5.4",
        "10.0.0.1",
        "xn--bucket",
        "sthree-bucket",
        "sthree-configurator-x",
        "amzn-s3-demo-bucket",
        "bucket-s3alias",
        "bucket--ol-s3",
        "bucket.mrap",
        "bucket--x-s3",
        "bucket--table-s3",
        ""
      })
  void rejectsInvalidNames(String name) {
    assertThat(BucketNames.isValid(name)).isFalse();
    assertThatThrownBy(() -> BucketNames.validate(name))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidBucketName");
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).isEqualTo("The specified bucket is not valid.");
              assertThat(e.fields()).containsEntry("BucketName", name);
            });
  }

  @org.junit.jupiter.api.Test
  void rejectsNull() {
    assertThat(BucketNames.isValid(null)).isFalse();
  }
}
