package dev.basin.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.basin.core.model.TimestampFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Timestamps in the value form (epoch seconds) and in the wire formats of the protocols. */
public final class Timestamps {
  private static final DateTimeFormatter RFC_822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** The value-form node of {@code instant}: seconds since the epoch, to the millisecond. */
  public static JsonNode node(Instant instant) {
    return DecimalNode.valueOf(
        BigDecimal.valueOf(instant.truncatedTo(ChronoUnit.MILLIS).toEpochMilli(), 3));
  }

  /** Reads a value-form timestamp: a number of epoch seconds, ISO-8601 text, or an Instant POJO. */
  public static Instant instant(JsonNode node) {
    if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
      return instant;
    }
    if (node.isNumber()) {
      BigDecimal seconds = node.decimalValue();
      return Instant.ofEpochMilli(
          seconds.movePointRight(3).setScale(0, java.math.RoundingMode.DOWN).longValueExact());
    }
    return parse(node.asText(), TimestampFormat.ISO_8601);
  }

  public static String format(Instant instant, TimestampFormat format) {
    return switch (format) {
      case ISO_8601 -> ISO_MILLIS.format(instant);
      case RFC_822 -> RFC_822.format(instant);
      case UNIX_TIMESTAMP -> epochSeconds(instant);
    };
  }

  /** Seconds since the epoch, with a fraction only when there are milliseconds. */
  public static String epochSeconds(Instant instant) {
    long millis = instant.toEpochMilli();
    if (millis % 1000 == 0) {
      return Long.toString(millis / 1000);
    }
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  /**
   * Parses a wire timestamp. Lenient as AWS is: each format also accepts the others' shapes.
   *
   * @throws DateTimeParseException when the text is no timestamp at all
   */
  public static Instant parse(String text, TimestampFormat expected) {
    String trimmed = text.trim();
    if (!trimmed.isEmpty()
        && (Character.isDigit(trimmed.charAt(0)) || trimmed.charAt(0) == '-')
        && trimmed.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-')
        && trimmed.indexOf('-', 1) < 0) {
      BigDecimal seconds = new BigDecimal(trimmed);
      return Instant.ofEpochMilli(
          seconds.movePointRight(3).setScale(0, java.math.RoundingMode.DOWN).longValueExact());
    }
    if (trimmed.length() > 3 && Character.isLetter(trimmed.charAt(0))) {
      return RFC_822.parse(trimmed, Instant::from);
    }
    try {
      return Instant.parse(trimmed);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(trimmed).toInstant();
    }
  }
}
