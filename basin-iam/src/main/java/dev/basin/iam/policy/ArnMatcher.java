package dev.basin.iam.policy;

/**
 * ARN matching as IAM does it for {@code Resource}, {@code NotResource} and the {@code Arn*}
 * condition operators: each of the six colon-separated components ({@code
 * arn:partition:service:region:account:resource}) is matched on its own, so a wildcard never
 * crosses a component boundary, except inside the last component, which keeps its own colons and
 * slashes ({@code arn:aws:logs:*:*:*:/aws-glue/*} matches {@code
 * arn:aws:logs:us-east-1:1:log-group:/aws-glue/jobs}).
 *
 * <p>A pattern or value with fewer than six components (the value {@code *}, a malformed ARN) is
 * compared as one whole string.
 */
final class ArnMatcher {

  private static final int SEGMENTS = 6;

  private ArnMatcher() {}

  static boolean matches(GlobPattern pattern, String arn) {
    if (pattern.isMatchAll()) {
      return true;
    }
    int[] patternBounds = new int[SEGMENTS + 1];
    int[] arnBounds = new int[SEGMENTS + 1];
    if (!split(pattern, patternBounds) || !split(arn, arnBounds)) {
      return pattern.matches(arn);
    }
    for (int s = 0; s < SEGMENTS; s++) {
      int patternFrom = s == 0 ? 0 : patternBounds[s] + 1;
      int arnFrom = s == 0 ? 0 : arnBounds[s] + 1;
      if (!pattern.matches(
          arn, arnFrom, arnBounds[s + 1], patternFrom, patternBounds[s + 1], false)) {
        return false;
      }
    }
    return true;
  }

  /** Fills {@code bounds[1..5]} with colon positions and {@code bounds[6]} with the length. */
  private static boolean split(GlobPattern pattern, int[] bounds) {
    int from = 0;
    for (int s = 1; s < SEGMENTS; s++) {
      int colon = pattern.indexOfColon(from);
      if (colon < 0) {
        return false;
      }
      bounds[s] = colon;
      from = colon + 1;
    }
    bounds[SEGMENTS] = pattern.length();
    return true;
  }

  private static boolean split(String arn, int[] bounds) {
    int from = 0;
    for (int s = 1; s < SEGMENTS; s++) {
      int colon = arn.indexOf(':', from);
      if (colon < 0) {
        return false;
      }
      bounds[s] = colon;
      from = colon + 1;
    }
    bounds[SEGMENTS] = arn.length();
    return true;
  }
}
