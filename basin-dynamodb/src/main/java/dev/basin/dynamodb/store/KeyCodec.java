package dev.basin.dynamodb.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.dynamodb.AttributeValues;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes key attribute values (S, N, B) into byte strings whose unsigned bytewise order (SQLite's
 * {@code BLOB} order, {@code memcmp}) is DynamoDB's order: strings by their UTF-8 bytes, binaries
 * bytewise, numbers by value. A key column holds values of one type only (the table's attribute
 * definition), so the encodings need no type tag.
 *
 * <p>Numbers: a sign byte ({@code 1} negative, {@code 2} zero, {@code 3} positive), then for
 * non-zero values the decimal exponent {@code E} (the value is {@code 0.d1d2... × 10^E}) as two
 * big-endian bytes offset by 1000, then the significant digits as ASCII, trailing zeros stripped.
 * For positives a longer digit string with an equal prefix is larger, which {@code memcmp} gives.
 * Negatives complement exponent and digits and end with {@code 0xFF}, so that their order reverses
 * (a shorter complemented prefix then sorts after longer ones).
 */
public final class KeyCodec {
  private static final byte NEGATIVE = 1;
  private static final byte ZERO = 2;
  private static final byte POSITIVE = 3;
  private static final int EXPONENT_OFFSET = 1000;

  private KeyCodec() {}

  /** Encodes a valid key value of type S, N or B. */
  public static byte[] encode(JsonNode value) {
    JsonNode s = value.get("S");
    if (s != null) {
      return s.asText().getBytes(StandardCharsets.UTF_8);
    }
    JsonNode n = value.get("N");
    if (n != null) {
      return encodeNumber(new BigDecimal(n.asText()));
    }
    JsonNode b = value.get("B");
    if (b != null) {
      return AttributeValues.bytes(b);
    }
    throw new IllegalArgumentException("not a key value: " + value);
  }

  static byte[] encodeNumber(BigDecimal value) {
    int sign = value.signum();
    if (sign == 0) {
      return new byte[] {ZERO};
    }
    BigDecimal stripped = value.abs().stripTrailingZeros();
    String digits = stripped.unscaledValue().toString();
    int exponent = digits.length() - stripped.scale() + EXPONENT_OFFSET;
    byte[] out = new byte[3 + digits.length() + (sign < 0 ? 1 : 0)];
    out[0] = sign < 0 ? NEGATIVE : POSITIVE;
    int e = sign < 0 ? 0xFFFF - exponent : exponent;
    out[1] = (byte) (e >>> 8);
    out[2] = (byte) e;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(i) - '0';
      out[3 + i] = (byte) ('0' + (sign < 0 ? 9 - d : d));
    }
    if (sign < 0) {
      out[out.length - 1] = (byte) 0xFF;
    }
    return out;
  }

  /**
   * The smallest byte string greater than every string starting with {@code prefix}, or null when
   * there is none (the prefix is empty or all {@code 0xFF}): the exclusive upper bound of a {@code
   * begins_with} range.
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }
}
