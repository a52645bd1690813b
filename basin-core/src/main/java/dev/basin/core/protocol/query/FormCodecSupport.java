package dev.basin.core.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.basin.core.model.Member;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.Shape;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.ProtocolCodec;
import dev.basin.core.protocol.ProtocolErrors;
import dev.basin.core.protocol.Timestamps;
import dev.basin.core.protocol.WireRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the query and EC2 codecs share: finding the operation from {@code Action}, decoding the
 * dotted form parameters into the value form, and writing value-form trees as XML. The two
 * protocols differ in how a member's parameter name is formed and in whether lists have a {@code
 * member} segment; subclasses say which.
 *
 * <p>Per-structure lookup tables (parameter name to member) are built on first use and cached per
 * codec instance, keyed by the (immutable) shape.
 */
abstract sealed class FormCodecSupport implements ProtocolCodec permits QueryCodec, Ec2Codec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<Shape, Map<String, Member>> parameterTables = new ConcurrentHashMap<>();

  /** The name of {@code member}'s parameter inside its structure. */
  abstract String parameterName(Member member);

  /** Whether the list {@code member} carries its elements as {@code Name.N}. */
  abstract boolean flattenedList(Member member);

  @Override
  public OperationModel resolveOperation(ServiceModel service, WireRequest request) {
    String action = FormDecoder.parameter(request, "Action");
    if (action == null || action.isEmpty()) {
      throw missingAction();
    }
    String version = FormDecoder.parameter(request, "Version");
    OperationModel operation = service.operations().get(action);
    if (operation != null && acceptsVersion(service, version)) {
      return operation;
    }
    if (operation == null && service.isUnserved(action)) {
      throw ProtocolErrors.notImplemented(service.serviceId(), action);
    }
    throw ProtocolErrors.unknownOperation(protocol(), action, version);
  }

  /** Whether the operation exists in API version {@code version} (null: not given). */
  abstract boolean acceptsVersion(ServiceModel service, String version);

  /**
   * AWS's answer to a request without {@code Action}: {@code MissingAction}, in the common errors
   * of the query services. Not in {@link ProtocolErrors}, which has no entry for it yet.
   */
  static AwsException missingAction() {
    return new AwsException("MissingAction", 400, "The request must contain the parameter Action");
  }

  @Override
  public ObjectNode decodeInput(
      ServiceModel service, OperationModel operation, WireRequest request) {
    Shape input = operation.input();
    if (input == null) {
      return NODES.objectNode();
    }
    FormNode root = FormDecoder.parse(request);
    try {
      return structure(input, root);
    } catch (InvalidParameter e) {
      throw ProtocolErrors.invalidValue(protocol(), e.path.toString(), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- decoding

  private ObjectNode structure(Shape shape, FormNode node) {
    ObjectNode object = NODES.objectNode();
    if (!node.hasChildren()) {
      return object;
    }
    Map<String, Member> table = parameterTable(shape);
    for (Map.Entry<String, FormNode> child : node.children().entrySet()) {
      Member member = table.get(child.getKey());
      if (member == null) {
        continue;
      }
      try {
        JsonNode value = value(member, member.target(), child.getValue());
        if (value != null) {
          object.set(member.name(), value);
        }
      } catch (InvalidParameter e) {
        throw e.under(child.getKey());
      }
    }
    return object;
  }

  private Map<String, Member> parameterTable(Shape shape) {
    Map<String, Member> table = parameterTables.get(shape);
    if (table == null) {
      Map<String, Member> built = new HashMap<>();
      for (Member member : shape.members().values()) {
        built.putIfAbsent(parameterName(member), member);
      }
      table = Map.copyOf(built);
      parameterTables.putIfAbsent(shape, table);
    }
    return table;
  }

  /** The value of {@code node} as {@code shape}, or null when the node carries nothing for it. */
  private JsonNode value(Member member, Shape shape, FormNode node) {
    return switch (shape.type()) {
      case STRUCTURE -> node.hasChildren() ? structure(shape, node) : null;
      case LIST -> list(member, shape, node);
      case MAP -> map(member, shape, node);
      default -> node.value() == null ? null : scalar(member, shape, node.value());
    };
  }

  private JsonNode list(Member member, Shape shape, FormNode node) {
    Member element = shape.listMember();
    FormNode items = node;
    String segment = null;
    if (!flattenedList(member)) {
      segment = element.locationName() != null ? element.locationName() : "member";
      items = node.child(segment);
    }
    if (items == null || !items.hasChildren()) {
      // "Name=" is the wire form of an empty list; parameters of another form are ignored.
      return node.value() != null ? NODES.arrayNode() : null;
    }
    ArrayNode array = NODES.arrayNode();
    for (FormNode.Indexed item : items.indexed()) {
      try {
        JsonNode value = value(element, element.target(), item.node());
        if (value != null) { // an element sent in another form than its shape's: ignored
          array.add(value);
        }
      } catch (InvalidParameter e) {
        InvalidParameter located = e.under(item.name());
        throw segment == null ? located : located.under(segment);
      }
    }
    return array;
  }

  private JsonNode map(Member member, Shape shape, FormNode node) {
    boolean flattened = member.flattened() || shape.flattened();
    FormNode entries = flattened ? node : node.child("entry");
    ObjectNode object = NODES.objectNode();
    if (entries == null) {
      return node.value() != null ? object : null;
    }
    Member keyMember = shape.mapKey();
    Member valueMember = shape.mapValue();
    String keyName = keyMember.locationName() != null ? keyMember.locationName() : "key";
    String valueName = valueMember.locationName() != null ? valueMember.locationName() : "value";
    for (FormNode.Indexed entry : entries.indexed()) {
      FormNode key = entry.node().child(keyName);
      FormNode value = entry.node().child(valueName);
      if (key == null || key.value() == null) {
        continue;
      }
      JsonNode decoded;
      try {
        decoded = value == null ? null : value(valueMember, valueMember.target(), value);
      } catch (InvalidParameter e) {
        InvalidParameter located = e.under(valueName).under(entry.name());
        throw flattened ? located : located.under("entry");
      }
      if (decoded != null) {
        object.set(key.value(), decoded);
      }
    }
    return object;
  }

  private static JsonNode scalar(Member member, Shape shape, String text) {
    return switch (shape.type()) {
      case STRING -> TextNode.valueOf(text);
      case BOOLEAN -> {
        if ("true".equalsIgnoreCase(text)) {
          yield BooleanNode.TRUE;
        }
        if ("false".equalsIgnoreCase(text)) {
          yield BooleanNode.FALSE;
        }
        throw new InvalidParameter(text, "boolean");
      }
      case BYTE -> IntNode.valueOf((int) parseInteger(text, Byte.MIN_VALUE, Byte.MAX_VALUE));
      case SHORT -> ShortNode.valueOf((short) parseInteger(text, Short.MIN_VALUE, Short.MAX_VALUE));
      case INTEGER ->
          IntNode.valueOf((int) parseInteger(text, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case LONG -> LongNode.valueOf(parseLong(text, "long"));
      case FLOAT -> FloatNode.valueOf((float) parseDouble(text, "float"));
      case DOUBLE -> DoubleNode.valueOf(parseDouble(text, "double"));
      case BIG_DECIMAL -> {
        try {
          yield DecimalNode.valueOf(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
          throw new InvalidParameter(text, "decimal number");
        }
      }
      case BIG_INTEGER -> {
        try {
          yield BigIntegerNode.valueOf(new BigInteger(text.trim()));
        } catch (NumberFormatException e) {
          throw new InvalidParameter(text, "integer");
        }
      }
      case TIMESTAMP -> {
        try {
          yield Timestamps.node(Timestamps.parse(text, TimestampFormat.ISO_8601));
        } catch (RuntimeException e) {
          throw new InvalidParameter(text, "timestamp");
        }
      }
      case BLOB -> {
        try {
          yield BinaryNode.valueOf(Base64.getMimeDecoder().decode(text));
        } catch (IllegalArgumentException e) {
          throw new InvalidParameter(text, "base64 blob");
        }
      }
      case STRUCTURE, LIST, MAP -> throw new IllegalStateException("not a scalar: " + shape);
    };
  }

  private static long parseInteger(String text, long min, long max) {
    long value = parseLong(text, "integer");
    if (value < min || value > max) {
      throw new InvalidParameter(text, "integer");
    }
    return value;
  }

  private static long parseLong(String text, String type) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidParameter(text, type);
    }
  }

  private static double parseDouble(String text, String type) {
    String trimmed = text.trim();
    // Double.parseDouble also takes hex floats and a trailing d/f; AWS takes decimal only.
    if (trimmed.isEmpty() || !isDecimalNumber(trimmed)) {
      throw new InvalidParameter(text, type);
    }
    try {
      return Double.parseDouble(trimmed);
    } catch (NumberFormatException e) {
      throw new InvalidParameter(text, type);
    }
  }

  private static boolean isDecimalNumber(String text) {
    if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A parameter value of the wrong type, thrown without a stack trace while decoding; the path is
   * built segment by segment as it unwinds, so the happy path builds no names at all.
   */
  private static final class InvalidParameter extends RuntimeException {
    private final StringBuilder path = new StringBuilder();

    InvalidParameter(String value, String type) {
      super("'" + value + "' is not a valid " + type, null, false, false);
    }

    InvalidParameter under(String segment) {
      if (path.length() > 0) {
        path.insert(0, '.');
      }
      path.insert(0, segment);
      return this;
    }
  }

  // ---------------------------------------------------------------- encoding

  /** Writes the members of structure {@code shape} present in {@code value}, in model order. */
  static void writeMembers(XmlWriter xml, Shape shape, JsonNode value) {
    if (value == null || !value.isObject()) {
      return;
    }
    for (Member member : shape.members().values()) {
      JsonNode memberValue = value.get(member.name());
      if (memberValue == null || memberValue.isNull() || memberValue.isMissingNode()) {
        continue;
      }
      writeMember(xml, member, memberValue);
    }
  }

  private static void writeMember(XmlWriter xml, Member member, JsonNode value) {
    Shape target = member.target();
    switch (target.type()) {
      case LIST -> {
        Member element = target.listMember();
        if (member.flattened() || target.flattened()) {
          String name = element.locationName() != null ? element.locationName() : member.wireName();
          for (JsonNode item : items(value)) {
            writeValue(xml, name, element, item);
          }
        } else {
          writeValue(xml, member.wireName(), member, value);
        }
      }
      case MAP -> {
        if (member.flattened() || target.flattened()) {
          if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
              Map.Entry<String, JsonNode> entry = fields.next();
              xml.start(member.wireName());
              writeEntry(xml, target, entry);
              xml.end(member.wireName());
            }
          }
        } else {
          writeValue(xml, member.wireName(), member, value);
        }
      }
      default -> writeValue(xml, member.wireName(), member, value);
    }
  }

  /** {@code <name>value</name>} for {@code value} of {@code member}'s shape; nulls are skipped. */
  private static void writeValue(XmlWriter xml, String name, Member member, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    Shape shape = member.target();
    switch (shape.type()) {
      case STRUCTURE -> {
        xml.start(name);
        writeMembers(xml, shape, value);
        xml.end(name);
      }
      case LIST -> {
        Member element = shape.listMember();
        String itemName = element.locationName() != null ? element.locationName() : "member";
        xml.start(name);
        for (JsonNode item : items(value)) {
          writeValue(xml, itemName, element, item);
        }
        xml.end(name);
      }
      case MAP -> {
        xml.start(name);
        if (value.isObject()) {
          Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
          while (fields.hasNext()) {
            xml.start("entry");
            writeEntry(xml, shape, fields.next());
            xml.end("entry");
          }
        }
        xml.end(name);
      }
      default -> xml.element(name, scalarText(member, shape, value));
    }
  }

  private static void writeEntry(XmlWriter xml, Shape map, Map.Entry<String, JsonNode> entry) {
    Member key = map.mapKey();
    Member value = map.mapValue();
    xml.element(key.locationName() != null ? key.locationName() : "key", entry.getKey());
    writeValue(
        xml,
        value.locationName() != null ? value.locationName() : "value",
        value,
        entry.getValue());
  }

  private static Iterable<JsonNode> items(JsonNode value) {
    return value.isArray() ? value : List.of(value);
  }

  private static String scalarText(Member member, Shape shape, JsonNode value) {
    return switch (shape.type()) {
      case BOOLEAN ->
          value.isBoolean() ? (value.booleanValue() ? "true" : "false") : value.asText();
      case TIMESTAMP -> timestampText(member, shape, value);
      case BLOB -> {
        if (value.isBinary()) {
          try {
            yield Base64.getEncoder().encodeToString(value.binaryValue());
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // a BinaryNode never fails
          }
        }
        yield value.asText();
      }
      default -> value.isContainerNode() ? value.toString() : value.asText();
    };
  }

  private static String timestampText(Member member, Shape shape, JsonNode value) {
    TimestampFormat format = member.timestampFormat();
    if (format == null) {
      format = shape.timestampFormat() != null ? shape.timestampFormat() : TimestampFormat.ISO_8601;
    }
    Instant instant;
    try {
      instant = Timestamps.instant(value);
    } catch (RuntimeException e) {
      return value.asText(); // not a timestamp the handler meant: echo it rather than fail
    }
    return Timestamps.format(instant, format);
  }

  /** Writes an error's extra fields as elements: strings and numbers as text, nodes as XML. */
  static void writeFields(XmlWriter xml, Map<String, Object> fields) {
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      Object value = field.getValue();
      if (value == null) {
        continue;
      }
      if (value instanceof JsonNode node) {
        writeJson(xml, field.getKey(), node);
      } else {
        xml.element(field.getKey(), value.toString());
      }
    }
  }

  private static void writeJson(XmlWriter xml, String name, JsonNode node) {
    if (node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node.isObject()) {
      xml.start(name);
      node.fields().forEachRemaining(field -> writeJson(xml, field.getKey(), field.getValue()));
      xml.end(name);
    } else if (node.isArray()) {
      xml.start(name);
      node.forEach(item -> writeJson(xml, "member", item));
      xml.end(name);
    } else {
      xml.element(name, node.asText());
    }
  }
}
