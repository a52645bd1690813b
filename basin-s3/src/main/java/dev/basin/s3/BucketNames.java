package dev.basin.s3;

import dev.basin.core.protocol.AwsException;
import java.util.List;

/**
 * S3's naming rules for general purpose buckets, checked when a bucket is created (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html">General
 * purpose bucket naming rules</a>).
 *
 * <p>Names must be 3 to 63 characters of lowercase letters, digits, periods and hyphens; begin and
 * end with a letter or digit; contain no two adjacent periods; not look like an IPv4 address; not
 * start with a reserved prefix ({@code xn--}, {@code sthree-}, {@code amzn-s3-demo-}) nor end with
 * a reserved suffix ({@code -s3alias}, {@code --ol-s3}, {@code .mrap}, {@code --x-s3}, {@code
 * --table-s3}). Checked without regular expressions: CreateBucket is cheap, but so should this be.
 */
public final class BucketNames {
  private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
  private static final List<String> RESERVED_SUFFIXES =
      List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

  private BucketNames() {}

  /**
   * Checks {@code name} against the rules.
   *
   * @throws AwsException {@code InvalidBucketName} (400) when a rule is broken
   */
  public static void validate(String name) {
    if (!isValid(name)) {
      throw S3Errors.invalidBucketName(name);
    }
  }

  /** True when {@code name} follows every general purpose bucket naming rule. */
  public static boolean isValid(String name) {
    if (name == null) {
      return false;
    }
    int length = name.length();
    if (length < 3 || length > 63) {
      return false;
    }
    if (!isLetterOrDigit(name.charAt(0)) || !isLetterOrDigit(name.charAt(length - 1))) {
      return false;
    }
    char previous = 0;
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      if (!isLetterOrDigit(c) && c != '.' && c != '-') {
        return false;
      }
      if (c == '.' && previous == '.') {
        return false;
      }
      previous = c;
    }
    for (String prefix : RESERVED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return false;
      }
    }
    for (String suffix : RESERVED_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return false;
      }
    }
    return !looksLikeIpAddress(name);
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** Four dot-separated groups of one to three digits, as {@code 192.168.5.4}. */
  private static boolean looksLikeIpAddress(String name) {
    int groups = 1;
    int digits = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (digits == 0) {
          return false;
        }
        groups++;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (++digits > 3) {
          return false;
        }
      } else {
        return false;
      }
    }
    return groups == 4 && digits > 0;
  }
}
