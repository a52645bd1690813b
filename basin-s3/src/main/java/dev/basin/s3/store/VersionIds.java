package dev.basin.s3.store;

/**
 * Version ids: the version's sequence number (microseconds since the epoch, made strictly
 * increasing) in 11 characters of an ASCII-ordered base-64 alphabet (the characters AWS uses in
 * version ids; none is a leading {@code -} that command lines would take for an option), so ids
 * sort by recency (older first) and decode back to the sequence without a lookup. Opaque to
 * clients; never {@code "null"}.
 */
final class VersionIds {

  static final int LENGTH = 11;
  private static final String ALPHABET =
      ".0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUES[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private VersionIds() {}

  static String encode(long sequence) {
    if (sequence <= 0) {
      throw new IllegalArgumentException("sequence must be positive: " + sequence);
    }
    char[] out = new char[LENGTH];
    long v = sequence;
    for (int i = LENGTH - 1; i >= 0; i--) {
      out[i] = ALPHABET.charAt((int) (v & 63));
      v >>>= 6;
    }
    return new String(out);
  }

  /** The sequence of {@code id}, or -1 if it is not a version id this class made. */
  static long decode(String id) {
    if (id == null || id.length() != LENGTH) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      int d = c < 128 ? VALUES[c] : -1;
      if (d < 0 || (i == 0 && d > 7)) { // 66 bits of text, 63 of value
        return -1;
      }
      v = (v << 6) | d;
    }
    return v > 0 ? v : -1;
  }
}
