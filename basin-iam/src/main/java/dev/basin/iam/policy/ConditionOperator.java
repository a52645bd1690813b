package dev.basin.iam.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One condition operator family with its policy values, parsed once. Each answers a single
 * question: does one context value match <em>any</em> of the policy values (the positive form)?
 * Negation, {@code ...IfExists}, missing keys and the {@code ForAnyValue:}/{@code ForAllValues:}
 * set operators are applied uniformly by {@link Condition}.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html">Condition
 *     operators</a>
 */
sealed interface ConditionOperator {

  /** Whether the operator is a "not" form ({@code StringNotEquals}, {@code NotIpAddress}, ...). */
  boolean negated();

  /** Whether {@code value} satisfies the positive form for at least one policy value. */
  boolean matchesAny(String value, PolicyString.VariableSource variables);

  /** {@code String*}: exact, case-insensitive or wildcard ({@code *}, {@code ?}) comparison. */
  record StringMatch(Kind kind, boolean negated, List<PolicyString> values)
      implements ConditionOperator {
    enum Kind {
      EQUALS,
      EQUALS_IGNORE_CASE,
      LIKE
    }

    @Override
    public boolean matchesAny(String value, PolicyString.VariableSource variables) {
      for (PolicyString policyValue : values) {
        GlobPattern pattern = policyValue.resolve(variables);
        if (pattern == null) {
          continue;
        }
        boolean match =
            switch (kind) {
              case EQUALS -> pattern.equalsText(value, false);
              case EQUALS_IGNORE_CASE -> pattern.equalsText(value, true);
              case LIKE -> pattern.matches(value);
            };
        if (match) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@code ArnEquals}, {@code ArnLike} and their negations. AWS documents both as component-wise
   * matching with wildcards, so they behave alike.
   */
  record ArnMatch(boolean negated, List<PolicyString> values) implements ConditionOperator {
    @Override
    public boolean matchesAny(String value, PolicyString.VariableSource variables) {
      for (PolicyString policyValue : values) {
        GlobPattern pattern = policyValue.resolve(variables);
        if (pattern != null && ArnMatcher.matches(pattern, value)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The ordering comparisons shared by the numeric and date operators. */
  enum Comparison {
    EQUALS,
    LESS_THAN,
    LESS_THAN_EQUALS,
    GREATER_THAN,
    GREATER_THAN_EQUALS;

    /** Whether {@code contextValue.compareTo(policyValue)} satisfies this comparison. */
    boolean test(int compared) {
      return switch (this) {
        case EQUALS -> compared == 0;
        case LESS_THAN -> compared < 0;
        case LESS_THAN_EQUALS -> compared <= 0;
        case GREATER_THAN -> compared > 0;
        case GREATER_THAN_EQUALS -> compared >= 0;
      };
    }
  }

  /** {@code Numeric*}. A context value that is not a number matches nothing. */
  record NumericMatch(Comparison comparison, boolean negated, List<BigDecimal> values)
      implements ConditionOperator {
    @Override
    public boolean matchesAny(String value, PolicyString.VariableSource variables) {
      BigDecimal number = parseNumber(value);
      if (number == null) {
        return false;
      }
      for (BigDecimal policyValue : values) {
        if (comparison.test(number.compareTo(policyValue))) {
          return true;
        }
      }
      return false;
    }

    static BigDecimal parseNumber(String text) {
      try {
        return new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** {@code Date*}: ISO-8601 date-times or dates, or epoch seconds, on both sides. */
  record DateMatch(Comparison comparison, boolean negated, List<Instant> values)
      implements ConditionOperator {
    @Override
    public boolean matchesAny(String value, PolicyString.VariableSource variables) {
      Instant instant = parseDate(value);
      if (instant == null) {
        return false;
      }
      for (Instant policyValue : values) {
        if (comparison.test(instant.compareTo(policyValue))) {
          return true;
        }
      }
      return false;
    }

    /** An ISO-8601 date-time ({@code Z} or offset), date, or epoch seconds; null if neither. */
    static Instant parseDate(String text) {
      String s = text.trim();
      if (s.isEmpty()) {
        return null;
      }
      boolean digits = true;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        digits &= (c >= '0' && c <= '9') || (i == 0 && c == '-' && s.length() > 1);
      }
      try {
        if (digits) {
          return Instant.ofEpochSecond(Long.parseLong(s));
        }
        if (s.length() == 10) {
          return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (s.endsWith("Z") || s.endsWith("z")) {
          return Instant.parse(s.substring(0, s.length() - 1) + "Z");
        }
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException | NumberFormatException e) {
        return null;
      }
    }
  }

  /** {@code Bool}: case-insensitive {@code true}/{@code false}. */
  record BoolMatch(List<PolicyString> values) implements ConditionOperator {
    @Override
    public boolean negated() {
      return false;
    }

    @Override
    public boolean matchesAny(String value, PolicyString.VariableSource variables) {
      for (PolicyString policyValue : values) {
        GlobPattern pattern = policyValue.resolve(variables);
        if (pattern != null && pattern.equalsText(value, true)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code BinaryEquals}: base64 on both sides, compared as bytes. */
  record BinaryMatch(List<byte[]> values) implements ConditionOperator {
    @Override
    public boolean negated() {
      return false;
    }

    @Override
    public boolean matchesAny(String value, PolicyString.VariableSource variables) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(value.trim());
      } catch (IllegalArgumentException e) {
        return false;
      }
      for (byte[] policyValue : values) {
        if (Arrays.equals(bytes, policyValue)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code IpAddress} / {@code NotIpAddress}: IPv4 or IPv6 CIDR blocks (or single addresses). */
  record IpMatch(boolean negated, List<Cidr> values) implements ConditionOperator {
    @Override
    public boolean matchesAny(String value, PolicyString.VariableSource variables) {
      byte[] address = Cidr.parseAddress(value.trim());
      if (address == null) {
        return false;
      }
      for (Cidr cidr : values) {
        if (cidr.contains(address)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@code Null}: {@code true} asks that the key be absent, {@code false} that it be present. It
   * never sees values; {@link Condition} calls {@link #test(boolean)}.
   */
  record NullCheck(List<Boolean> expectAbsent) implements ConditionOperator {
    @Override
    public boolean negated() {
      return false;
    }

    @Override
    public boolean matchesAny(String value, PolicyString.VariableSource variables) {
      return test(true);
    }

    boolean test(boolean present) {
      for (Boolean absent : expectAbsent) {
        if (absent != present) {
          return true;
        }
      }
      return false;
    }
  }

  /** A CIDR block; the address bytes are masked to the prefix once, when parsed. */
  record Cidr(byte[] network, int prefixLength) {

    /** Parses {@code 203.0.113.0/24}, {@code 2001:db8::/32} or a bare address; null if invalid. */
    static Cidr parse(String text) {
      String s = text.trim();
      int slash = s.indexOf('/');
      byte[] address = parseAddress(slash < 0 ? s : s.substring(0, slash));
      if (address == null) {
        return null;
      }
      int prefix = address.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          return null;
        }
        if (prefix < 0 || prefix > address.length * 8) {
          return null;
        }
      }
      return new Cidr(mask(address, prefix), prefix);
    }

    boolean contains(byte[] address) {
      return address.length == network.length
          && Arrays.equals(mask(address, prefixLength), network);
    }

    /** An IP literal's bytes, or null. Never resolves host names (no DNS on the request path). */
    static byte[] parseAddress(String text) {
      if (text.isEmpty()) {
        return null;
      }
      boolean colon = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex && c != '.' && c != ':') {
          return null;
        }
        colon |= c == ':';
      }
      if (!colon) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
          return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          if (parts[i].isEmpty() || parts[i].length() > 3) {
            return null;
          }
          int octet;
          try {
            octet = Integer.parseInt(parts[i]);
          } catch (NumberFormatException e) {
            return null;
          }
          if (octet > 255) {
            return null;
          }
          bytes[i] = (byte) octet;
        }
        return bytes;
      }
      try {
        return InetAddress.getByName(text).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }

    private static byte[] mask(byte[] address, int prefix) {
      byte[] masked = address.clone();
      for (int i = 0; i < masked.length; i++) {
        int bits = Math.max(0, Math.min(8, prefix - i * 8));
        masked[i] &= (byte) (0xff << (8 - bits));
      }
      return masked;
    }
  }
}
