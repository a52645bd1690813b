package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.basin.core.protocol.AwsException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's attribute-value semantics over Jackson trees in the wire form: an item is an {@code
 * ObjectNode} of attribute name to value, a value an {@code ObjectNode} with exactly one type key
 * ({@code S, N, B, SS, NS, BS, M, L, BOOL, NULL}).
 *
 * <p>Binary data ({@code B}, {@code BS} elements) may be a {@code BinaryNode} (what Basin's JSON
 * codec produces for blob members) or base64 text; {@link #canonicalValue} turns both into {@code
 * BinaryNode}. Numbers are decimal strings; {@link #canonicalValue} rewrites them the way DynamoDB
 * returns them (no exponent, no leading or trailing zeros: {@code "1.50"} becomes {@code "1.5"},
 * {@code "01"} becomes {@code "1"}, {@code "1E+2"} becomes {@code "100"}).
 *
 * <p>Every method except the validating ones expects values that passed validation. Errors are
 * {@code ValidationException}s with DynamoDB's messages.
 */
public final class AttributeValues {
  /** The largest item DynamoDB stores, in bytes as counted by {@link #itemSize}. */
  public static final int MAX_ITEM_SIZE = 400 * 1024;

  /** The ten type keys, in DynamoDB's order. */
  public static final List<String> TYPES =
      List.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL", "NULL");

  private static final Set<String> TYPE_SET = Set.copyOf(TYPES);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DIGITS = 38;
  private static final int MAX_EXPONENT = 125;
  private static final int MIN_EXPONENT = -130;

  private AttributeValues() {}

  /** The type key of a valid value, e.g. {@code "S"}. */
  public static String type(JsonNode value) {
    return value.fieldNames().next();
  }

  /** Builds a string value. */
  public static ObjectNode string(String text) {
    return NODES.objectNode().put("S", text);
  }

  /** Builds a number value from canonical or non-canonical decimal text. */
  public static ObjectNode number(String text) {
    return NODES.objectNode().put("N", normalizeNumber(text));
  }

  /** Builds a number value. */
  public static ObjectNode number(BigDecimal value) {
    return NODES.objectNode().put("N", canonical(value));
  }

  /** Builds a binary value. */
  public static ObjectNode binary(byte[] bytes) {
    ObjectNode node = NODES.objectNode();
    node.set("B", BinaryNode.valueOf(bytes));
    return node;
  }

  // ---------------------------------------------------------------- validation

  /**
   * Validates an item and returns a canonical copy: numbers normalized, binaries as {@code
   * BinaryNode}. Key-attribute rules (non-empty strings, key types) are the caller's.
   *
   * @throws AwsException ValidationException with DynamoDB's message
   */
  public static ObjectNode canonicalItem(JsonNode item) {
    return canonicalMap(item, 1);
  }

  /** The deepest nesting DynamoDB stores, counting the item itself as level 1. */
  public static final int MAX_NESTING_LEVEL = 32;

  /** The longest attribute name in UTF-8 bytes. */
  public static final int MAX_ATTRIBUTE_NAME_BYTES = 65535;

  /**
   * Fails for an attribute name longer than DynamoDB allows.
   *
   * @throws AwsException ValidationException with DynamoDB's message
   */
  public static void checkAttributeName(String name) {
    if (name.length() > MAX_ATTRIBUTE_NAME_BYTES / 3
        && utf8Length(name) > MAX_ATTRIBUTE_NAME_BYTES) {
      throw invalid(
          "1 validation error detected: Attribute name is too large, must be less than 65536"
              + " bytes");
    }
  }

  private static ObjectNode canonicalMap(JsonNode item, int level) {
    if (item == null || !item.isObject()) {
      throw invalid(
          "Supplied AttributeValue is empty, must contain exactly one of the supported"
              + " datatypes");
    }
    ObjectNode copy = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      checkAttributeName(field.getKey());
      copy.set(field.getKey(), canonicalValue(field.getValue(), level + 1));
    }
    return copy;
  }

  /**
   * Validates one value and returns its canonical copy.
   *
   * @throws AwsException ValidationException with DynamoDB's message
   */
  public static ObjectNode canonicalValue(JsonNode value) {
    return canonicalValue(value, 2);
  }

  /** {@code level}: the nesting level of the value, the item's own attributes being level 2. */
  private static ObjectNode canonicalValue(JsonNode value, int level) {
    if (value == null || !value.isObject()) {
      throw invalid(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    String type = null;
    JsonNode content = null;
    int count = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (TYPE_SET.contains(field.getKey())
          && field.getValue() != null
          && !field.getValue().isNull()) {
        type = field.getKey();
        content = field.getValue();
        count++;
      }
    }
    if (count == 0) {
      throw invalid(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    if (count > 1) {
      throw invalid(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of"
              + " the supported datatypes");
    }
    ObjectNode result = NODES.objectNode();
    switch (type) {
      case "S" -> result.set("S", requireText(content));
      case "N" -> result.put("N", normalizeNumber(requireText(content).asText()));
      case "B" -> result.set("B", BinaryNode.valueOf(bytes(content)));
      case "BOOL" -> {
        if (!content.isBoolean()) {
          throw invalid("One or more parameter values were invalid: BOOL must be a boolean");
        }
        result.set("BOOL", content);
      }
      case "NULL" -> {
        if (!content.isBoolean() || !content.booleanValue()) {
          throw invalid(
              "One or more parameter values were invalid: Null attribute value types must have"
                  + " the value of true");
        }
        result.set("NULL", BooleanNode.TRUE);
      }
      case "SS", "NS", "BS" -> result.set(type, canonicalSet(type, content));
      case "L" -> {
        if (!content.isArray()) {
          throw invalid("One or more parameter values were invalid: L must be a list");
        }
        checkNesting(level);
        ArrayNode list = result.putArray("L");
        for (JsonNode element : content) {
          list.add(canonicalValue(element, level + 1));
        }
      }
      case "M" -> {
        if (!content.isObject()) {
          throw invalid("One or more parameter values were invalid: M must be a map");
        }
        checkNesting(level);
        result.set("M", canonicalMap(content, level));
      }
      default -> throw new IllegalStateException(type);
    }
    return result;
  }

  private static void checkNesting(int level) {
    if (level > MAX_NESTING_LEVEL) {
      throw invalid(
          "Nesting Levels have exceeded supported limits: Attributes in the item have nested"
              + " levels beyond supported limit");
    }
  }

  private static ArrayNode canonicalSet(String type, JsonNode content) {
    if (!content.isArray()) {
      throw invalid("One or more parameter values were invalid: " + type + " must be a list");
    }
    if (content.isEmpty()) {
      throw invalid(
          "One or more parameter values were invalid: An AttributeValue may not contain an empty"
              + " set.");
    }
    ArrayNode set = NODES.arrayNode(content.size());
    switch (type) {
      case "SS" -> {
        Set<String> seen = new HashSet<>();
        for (JsonNode element : content) {
          String text = requireText(element).asText();
          if (!seen.add(text)) {
            throw invalid(
                "One or more parameter values were invalid: Input collection "
                    + listText(content)
                    + " contains duplicates.");
          }
          set.add(text);
        }
      }
      case "NS" -> {
        Set<String> seen = new HashSet<>();
        for (JsonNode element : content) {
          if (!element.isTextual() || element.asText().isEmpty()) {
            throw invalid("The parameter cannot be converted to a numeric value");
          }
          String number = normalizeNumber(element.asText());
          if (!seen.add(number)) {
            throw invalid("Input collection contains duplicates");
          }
          set.add(number);
        }
      }
      default -> {
        Set<ByteKey> seen = new HashSet<>();
        for (JsonNode element : content) {
          byte[] bytes = bytes(element);
          if (!seen.add(new ByteKey(bytes))) {
            throw invalid(
                "One or more parameter values were invalid: Input collection "
                    + listText(content)
                    + "of type BS contains duplicates.");
          }
          set.add(BinaryNode.valueOf(bytes));
        }
      }
    }
    return set;
  }

  private static String listText(JsonNode array) {
    List<String> parts = new ArrayList<>();
    for (JsonNode element : array) {
      parts.add(
          element.isBinary()
              ? java.util.Base64.getEncoder().encodeToString(((BinaryNode) element).binaryValue())
              : element.asText());
    }
    return "[" + String.join(", ", parts) + "]";
  }

  private static TextNode requireText(JsonNode content) {
    if (!content.isTextual()) {
      throw invalid("One or more parameter values were invalid: expected a string");
    }
    return (TextNode) content;
  }

  /**
   * Returns DynamoDB's canonical text of a number.
   *
   * @throws AwsException ValidationException if the text is not a number, has more than 38
   *     significant digits or is outside 1E-130 .. 9.99..E+125 in magnitude
   */
  public static String normalizeNumber(String text) {
    return canonical(parseNumber(text));
  }

  /**
   * Parses and range-checks a number.
   *
   * @throws AwsException as {@link #normalizeNumber}
   */
  public static BigDecimal parseNumber(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid("The parameter cannot be converted to a numeric value");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw invalid("The parameter cannot be converted to a numeric value: " + text);
    }
    checkRange(value, "Attempting to store more than 38 significant digits in a Number");
    return value;
  }

  private static final String OVERFLOW =
      "Number overflow. Attempting to store a number with magnitude larger than supported range";

  /**
   * Checks a computed number (a sum or difference) against DynamoDB's limits. A result needing more
   * than 38 significant digits is reported as DynamoDB reports it: as an overflow.
   *
   * @throws AwsException ValidationException when out of range
   */
  public static void checkRange(BigDecimal value) {
    checkRange(value, OVERFLOW);
  }

  private static void checkRange(BigDecimal value, String tooPrecise) {
    if (value.signum() == 0) {
      return;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    long exponent = (long) stripped.precision() - stripped.scale() - 1;
    if (exponent > MAX_EXPONENT) {
      throw invalid(OVERFLOW);
    }
    if (exponent < MIN_EXPONENT) {
      throw invalid(
          "Number underflow. Attempting to store a number with magnitude smaller than supported"
              + " range");
    }
    if (stripped.precision() > MAX_DIGITS) {
      throw invalid(tooPrecise);
    }
  }

  private static String canonical(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  // ---------------------------------------------------------------- accessors

  /** The numeric value of an {@code N} value (or of a number set element's text). */
  public static BigDecimal numberOf(JsonNode value) {
    JsonNode n = value.isObject() ? value.get("N") : value;
    return new BigDecimal(n.asText());
  }

  /**
   * The bytes of a binary: a {@code BinaryNode} or base64 text.
   *
   * @throws AwsException ValidationException for text that is not base64
   */
  public static byte[] bytes(JsonNode binary) {
    if (binary.isBinary()) {
      return ((BinaryNode) binary).binaryValue();
    }
    if (binary.isTextual()) {
      try {
        return java.util.Base64.getDecoder().decode(binary.asText());
      } catch (IllegalArgumentException e) {
        throw invalid(
            "One or more parameter values were invalid: '"
                + binary.asText()
                + "' can not be converted to a Blob");
      }
    }
    throw invalid("One or more parameter values were invalid: expected a binary value");
  }

  // ---------------------------------------------------------------- comparison

  /** True if both values are S, or both N, or both B: the types {@code <}, {@code >} order. */
  public static boolean comparable(JsonNode a, JsonNode b) {
    String type = type(a);
    return type.equals(type(b)) && (type.equals("S") || type.equals("N") || type.equals("B"));
  }

  /**
   * Orders two values of the same scalar type: numbers by value, strings by their UTF-8 bytes,
   * binaries as unsigned bytes.
   *
   * @throws IllegalArgumentException if the values are not {@link #comparable}
   */
  public static int compare(JsonNode a, JsonNode b) {
    if (!comparable(a, b)) {
      throw new IllegalArgumentException("not comparable: " + a + " and " + b);
    }
    return switch (type(a)) {
      case "N" -> numberOf(a).compareTo(numberOf(b));
      case "S" -> compareUtf8(a.get("S").asText(), b.get("S").asText());
      default -> Arrays.compareUnsigned(bytes(a.get("B")), bytes(b.get("B")));
    };
  }

  /**
   * Compares strings in the order of their UTF-8 encodings (which is code point order) without
   * encoding them.
   */
  public static int compareUtf8(String a, String b) {
    int length = Math.min(a.length(), b.length());
    for (int i = 0; i < length; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= 0xD800 && y >= 0xD800) {
          // Surrogates (supplementary code points) sort after U+E000..U+FFFF in code point order.
          x = (char) (x >= 0xE000 ? x - 0x800 : x + 0x2000);
          y = (char) (y >= 0xE000 ? y - 0x800 : y + 0x2000);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /** DynamoDB equality: same type and equal content; sets compare unordered, numbers by value. */
  public static boolean equal(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return false;
    }
    String type = type(a);
    if (!type.equals(type(b))) {
      return false;
    }
    JsonNode x = a.get(type);
    JsonNode y = b.get(type);
    return switch (type) {
      case "S" -> x.asText().equals(y.asText());
      case "N" -> numberOf(x).compareTo(numberOf(y)) == 0;
      case "B" -> Arrays.equals(bytes(x), bytes(y));
      case "BOOL" -> x.asBoolean() == y.asBoolean();
      case "NULL" -> true;
      case "SS", "NS", "BS" -> x.size() == y.size() && setContainsAll(type, x, y);
      case "L" -> listsEqual(x, y);
      case "M" -> mapsEqual(x, y);
      default -> false;
    };
  }

  private static boolean setContainsAll(String type, JsonNode x, JsonNode y) {
    for (JsonNode element : y) {
      if (!setContains(type, x, element)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if a set ({@code SS}, {@code NS} or {@code BS} array) holds an element (raw text or binary
   * node, not an attribute value).
   */
  public static boolean setContains(String setType, JsonNode set, JsonNode element) {
    for (JsonNode member : set) {
      boolean same =
          switch (setType) {
            case "SS" -> member.asText().equals(element.asText());
            case "NS" -> numberOf(member).compareTo(numberOf(element)) == 0;
            default -> Arrays.equals(bytes(member), bytes(element));
          };
      if (same) {
        return true;
      }
    }
    return false;
  }

  private static boolean listsEqual(JsonNode x, JsonNode y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!equal(x.get(i), y.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean mapsEqual(JsonNode x, JsonNode y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!equal(field.getValue(), y.get(field.getKey()))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- sizes

  /**
   * What the {@code size()} expression function returns: UTF-8 bytes of a string, bytes of a
   * binary, elements of a set or list, entries of a map; -1 for types it does not apply to (N,
   * BOOL, NULL).
   */
  public static int size(JsonNode value) {
    String type = type(value);
    JsonNode content = value.get(type);
    return switch (type) {
      case "S" -> utf8Length(content.asText());
      case "B" -> bytes(content).length;
      case "SS", "NS", "BS", "L", "M" -> content.size();
      default -> -1;
    };
  }

  /**
   * An item's size as DynamoDB counts it for the 400 KB limit and capacity units: per attribute the
   * UTF-8 length of its name plus the size of its value.
   */
  public static long itemSize(JsonNode item) {
    long size = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      size += utf8Length(field.getKey()) + valueSize(field.getValue());
    }
    return size;
  }

  /**
   * A value's size: strings their UTF-8 bytes, binaries their bytes, numbers 1 byte plus one per
   * two significant digits (aligned to the decimal exponent's parity) plus 1 if negative, booleans
   * and nulls 1 byte, sets the sum of their elements, lists and maps 3 bytes plus 1 byte per
   * element plus the elements (and for maps the entry names).
   */
  public static long valueSize(JsonNode value) {
    String type = type(value);
    JsonNode content = value.get(type);
    return switch (type) {
      case "S" -> utf8Length(content.asText());
      case "B" -> bytes(content).length;
      case "N" -> numberSize(content.asText());
      case "BOOL", "NULL" -> 1;
      case "SS" -> {
        long sum = 0;
        for (JsonNode element : content) {
          sum += utf8Length(element.asText());
        }
        yield sum;
      }
      case "NS" -> {
        long sum = 0;
        for (JsonNode element : content) {
          sum += numberSize(element.asText());
        }
        yield sum;
      }
      case "BS" -> {
        long sum = 0;
        for (JsonNode element : content) {
          sum += bytes(element).length;
        }
        yield sum;
      }
      case "L" -> {
        long sum = 3;
        for (JsonNode element : content) {
          sum += 1 + valueSize(element);
        }
        yield sum;
      }
      case "M" -> 3 + content.size() + itemSize(content);
      default -> 0;
    };
  }

  /** The stored size of a number: base-100 digits plus an exponent byte, plus 1 if negative. */
  static long numberSize(String text) {
    BigDecimal value = new BigDecimal(text);
    if (value.signum() == 0) {
      return 1;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    int digits = stripped.precision();
    long exponent = (long) digits - stripped.scale() - 1;
    long size = 1 + (digits + 1) / 2;
    if (digits % 2 == 0 && exponent % 2 == 0) {
      size++;
    }
    return size + (value.signum() < 0 ? 1 : 0);
  }

  /** UTF-8 encoded length without encoding. */
  public static int utf8Length(String text) {
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length++;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  private static AwsException invalid(String message) {
    return new AwsException("ValidationException", 400, message);
  }

  private record ByteKey(byte[] bytes) {
    @Override
    public boolean equals(Object other) {
      return other instanceof ByteKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return Arrays.toString(bytes);
    }
  }

  /** Where {@code needle} first occurs in {@code haystack}, or -1: binary CONTAINS. */
  public static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
