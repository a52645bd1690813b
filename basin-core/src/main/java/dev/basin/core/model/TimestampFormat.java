package dev.basin.core.model;

/** The wire formats of timestamps in AWS protocols. */
public enum TimestampFormat {
  /** {@code 2024-01-02T03:04:05.678Z}. */
  ISO_8601,
  /** {@code Tue, 02 Jan 2024 03:04:05 GMT}. */
  RFC_822,
  /** Seconds since the epoch, with an optional fraction. */
  UNIX_TIMESTAMP;

  static TimestampFormat fromModel(String format) {
    if (format == null) {
      return null;
    }
    return switch (format) {
      case "iso8601" -> ISO_8601;
      case "rfc822" -> RFC_822;
      case "unixTimestamp" -> UNIX_TIMESTAMP;
      default -> throw new IllegalArgumentException("unknown timestamp format " + format);
    };
  }
}
