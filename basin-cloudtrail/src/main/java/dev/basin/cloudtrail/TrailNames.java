package dev.basin.cloudtrail;

import dev.basin.core.protocol.AwsException;

/**
 * CloudTrail's trail-name rules: 3 to 128 ASCII letters, digits, periods, underscores and dashes,
 * starting and ending with a letter or digit, with no two of {@code ._-} adjacent, and not
 * formatted as an IP address.
 */
final class TrailNames {
  private TrailNames() {}

  /**
   * @throws AwsException {@code InvalidTrailNameException}
   */
  static void check(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new AwsException("InvalidTrailNameException", 400, "Trail name " + problem);
    }
  }

  static String problem(String name) {
    if (name.length() < 3 || name.length() > 128) {
      return "must be between 3 and 128 characters long.";
    }
    boolean previousSeparator = false;
    boolean ipLike = true;
    int dots = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      boolean separator = c == '.' || c == '_' || c == '-';
      if (!alnum && !separator) {
        return "can contain only ASCII letters, numbers, periods, underscores and dashes.";
      }
      if (separator && (i == 0 || i == name.length() - 1)) {
        return "must start and end with a letter or number.";
      }
      if (separator && previousSeparator) {
        return "cannot have adjacent periods, underscores or dashes.";
      }
      previousSeparator = separator;
      if (c == '.') {
        dots++;
      } else if (!(c >= '0' && c <= '9')) {
        ipLike = false;
      }
    }
    if (ipLike && dots == 3) {
      return "cannot be formatted as an IP address.";
    }
    return null;
  }
}
