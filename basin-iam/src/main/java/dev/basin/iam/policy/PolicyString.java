package dev.basin.iam.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A string from a policy's {@code Resource}, {@code NotResource} or condition values, compiled
 * once: literal text (whose {@code *} and {@code ?} are wildcards), the escapes {@code ${*}},
 * {@code ${?}}, {@code ${$}} (literal characters) and policy variables {@code ${key}} or {@code
 * ${key, 'default'}}.
 *
 * <p>Variables exist only in version 2012-10-17 documents; in older ones (or without a version) AWS
 * treats {@code ${...}} as literal text, and so does {@link #literal}. A variable whose key is
 * missing from the request context, or has several values, and has no default makes the whole
 * string unresolvable: the element it sits in then matches nothing, as AWS documents ("Policy
 * variables with no value").
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html">IAM
 *     policy elements: Variables and tags</a>
 */
final class PolicyString {

  /** Looks up single-valued context keys for variables; keys arrive lower-cased. */
  interface VariableSource {
    /** The value, or null when the key is absent or multi-valued. */
    String single(String lowerCaseKey);
  }

  private sealed interface Part {}

  private record Literal(String text) implements Part {}

  private record Escaped(char c) implements Part {}

  private record Variable(String key, String defaultValue) implements Part {}

  private final String source;
  private final List<Part> parts;
  private final GlobPattern constant;

  private PolicyString(String source, List<Part> parts) {
    this.source = source;
    this.parts = parts;
    boolean anyVariable = parts.stream().anyMatch(p -> p instanceof Variable);
    this.constant = anyVariable ? null : render(parts, key -> null);
  }

  /** Text without variable support (policy version 2008-10-17 or none). */
  static PolicyString literal(String text) {
    return new PolicyString(text, List.of(new Literal(text)));
  }

  /** Text with {@code ${...}} variables and escapes (policy version 2012-10-17). */
  static PolicyString withVariables(String text) {
    if (text.indexOf("${") < 0) {
      return literal(text);
    }
    List<Part> parts = new ArrayList<>();
    int i = 0;
    int literalStart = 0;
    while (i < text.length()) {
      int open = text.indexOf("${", i);
      if (open < 0) {
        break;
      }
      int close = text.indexOf('}', open + 2);
      if (close < 0) {
        break;
      }
      Part part = parsePlaceholder(text.substring(open + 2, close));
      if (part == null) {
        i = open + 2;
        continue;
      }
      if (open > literalStart) {
        parts.add(new Literal(text.substring(literalStart, open)));
      }
      parts.add(part);
      i = close + 1;
      literalStart = i;
    }
    if (literalStart < text.length()) {
      parts.add(new Literal(text.substring(literalStart)));
    }
    return new PolicyString(text, List.copyOf(parts));
  }

  private static Part parsePlaceholder(String body) {
    switch (body) {
      case "*":
        return new Escaped('*');
      case "?":
        return new Escaped('?');
      case "$":
        return new Escaped('$');
      default:
        break;
    }
    int comma = body.indexOf(',');
    String key = (comma < 0 ? body : body.substring(0, comma)).trim();
    if (key.isEmpty() || key.indexOf(' ') >= 0) {
      return null;
    }
    String defaultValue = null;
    if (comma >= 0) {
      String rest = body.substring(comma + 1).trim();
      if (rest.length() < 2 || rest.charAt(0) != '\'' || rest.charAt(rest.length() - 1) != '\'') {
        return null;
      }
      defaultValue = rest.substring(1, rest.length() - 1).replace("''", "'");
    }
    return new Variable(key.toLowerCase(java.util.Locale.ROOT), defaultValue);
  }

  /** The policy's own text, as written. */
  String source() {
    return source;
  }

  boolean hasVariables() {
    return constant == null;
  }

  /** The pattern for this request, or null when a variable cannot be resolved. */
  GlobPattern resolve(VariableSource variables) {
    return constant != null ? constant : render(parts, variables);
  }

  private static GlobPattern render(List<Part> parts, VariableSource variables) {
    StringBuilder chars = new StringBuilder();
    java.util.BitSet wild = new java.util.BitSet();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        for (int i = 0; i < literal.text().length(); i++) {
          char c = literal.text().charAt(i);
          if (c == '*' || c == '?') {
            wild.set(chars.length());
          }
          chars.append(c);
        }
      } else if (part instanceof Escaped escaped) {
        chars.append(escaped.c());
      } else if (part instanceof Variable variable) {
        String value = variables.single(variable.key());
        if (value == null) {
          value = variable.defaultValue();
        }
        if (value == null) {
          return null;
        }
        chars.append(value);
      }
    }
    char[] array = new char[chars.length()];
    chars.getChars(0, array.length, array, 0);
    boolean[] mask = new boolean[array.length];
    for (int i = wild.nextSetBit(0); i >= 0; i = wild.nextSetBit(i + 1)) {
      mask[i] = true;
    }
    return new GlobPattern(array, mask);
  }

  @Override
  public String toString() {
    return source;
  }
}
