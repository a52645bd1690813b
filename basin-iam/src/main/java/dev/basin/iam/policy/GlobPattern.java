package dev.basin.iam.policy;

/**
 * A resolved policy string: characters plus a mask saying which of them are the wildcards {@code *}
 * (any run, also empty) and {@code ?} (exactly one character). A {@code *} that came from the
 * escape {@code ${*}} or from a variable's value is a literal, which is why the mask exists.
 *
 * <p>Matching is the classic linear two-pointer glob walk with one backtrack point (no regex, no
 * allocation), so it stays cheap on the request path.
 */
final class GlobPattern {

  private final char[] chars;
  private final boolean[] wild;
  private final boolean hasWildcards;

  GlobPattern(char[] chars, boolean[] wild) {
    this.chars = chars;
    this.wild = wild;
    boolean any = false;
    for (boolean w : wild) {
      any |= w;
    }
    this.hasWildcards = any;
  }

  /** A pattern in which {@code *} and {@code ?} are wildcards. */
  static GlobPattern of(String text) {
    char[] chars = text.toCharArray();
    boolean[] wild = new boolean[chars.length];
    for (int i = 0; i < chars.length; i++) {
      wild[i] = chars[i] == '*' || chars[i] == '?';
    }
    return new GlobPattern(chars, wild);
  }

  /** The text with escapes resolved; wildcards appear as their characters. */
  String text() {
    return new String(chars);
  }

  boolean isMatchAll() {
    return chars.length == 1 && wild[0] && chars[0] == '*';
  }

  GlobPattern toLowerCase() {
    char[] lower = new char[chars.length];
    for (int i = 0; i < chars.length; i++) {
      lower[i] = wild[i] ? chars[i] : Character.toLowerCase(chars[i]);
    }
    return new GlobPattern(lower, wild);
  }

  /** Literal comparison: wildcards are plain characters here (StringEquals, ArnEquals). */
  boolean equalsText(String value, boolean ignoreCase) {
    if (value.length() != chars.length) {
      return false;
    }
    for (int i = 0; i < chars.length; i++) {
      char a = chars[i];
      char b = value.charAt(i);
      if (a != b && !(ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b))) {
        return false;
      }
    }
    return true;
  }

  boolean matches(String value) {
    return matches(value, 0, value.length(), 0, chars.length, false);
  }

  boolean matchesIgnoreCase(String value) {
    return matches(value, 0, value.length(), 0, chars.length, true);
  }

  /**
   * Whether {@code value[from, to)} matches {@code this[patternFrom, patternTo)}; used directly for
   * whole strings and per ARN segment.
   */
  boolean matches(
      String value, int from, int to, int patternFrom, int patternTo, boolean ignoreCase) {
    if (!hasWildcards) {
      if (to - from != patternTo - patternFrom) {
        return false;
      }
      for (int i = 0; i < to - from; i++) {
        if (!same(chars[patternFrom + i], value.charAt(from + i), ignoreCase)) {
          return false;
        }
      }
      return true;
    }
    int p = patternFrom;
    int v = from;
    int starP = -1;
    int starV = -1;
    while (v < to) {
      if (p < patternTo && wild[p] && chars[p] == '*') {
        starP = ++p;
        starV = v;
      } else if (p < patternTo
          && ((wild[p] && chars[p] == '?')
              || (!wild[p] && same(chars[p], value.charAt(v), ignoreCase)))) {
        p++;
        v++;
      } else if (starP >= 0) {
        p = starP;
        v = ++starV;
      } else {
        return false;
      }
    }
    while (p < patternTo && wild[p] && chars[p] == '*') {
      p++;
    }
    return p == patternTo;
  }

  /** Index of the {@code n}-th non-wildcard {@code ':'} at or after {@code from}, or -1. */
  int indexOfColon(int from) {
    for (int i = from; i < chars.length; i++) {
      if (chars[i] == ':' && !wild[i]) {
        return i;
      }
    }
    return -1;
  }

  int length() {
    return chars.length;
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
  }

  @Override
  public String toString() {
    return text();
  }
}
