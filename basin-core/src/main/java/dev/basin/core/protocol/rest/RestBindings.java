package dev.basin.core.protocol.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.basin.core.model.Location;
import dev.basin.core.model.Member;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.Shape;
import dev.basin.core.model.ShapeType;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.ProtocolErrors;
import dev.basin.core.protocol.Timestamps;
import dev.basin.core.protocol.WireRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of the rest protocols that do not depend on the body format: URI labels, query-string
 * members, header members, {@code headers} maps and the status code, plus the text form of scalars
 * shared by headers, query strings and XML.
 *
 * <p>Default timestamp formats follow the protocols: RFC 822 in headers, ISO 8601 in labels and
 * query strings; a member's or shape's {@code timestampFormat} overrides them.
 */
final class RestBindings {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RestBindings() {}

  /**
   * Adds the input's label, query-string and header members to {@code out}.
   *
   * @param literalQueryKeys query keys the template itself names; never part of a query map
   */
  static void decodeNonBody(
      Protocol protocol,
      Shape input,
      Map<String, String> labels,
      List<String> literalQueryKeys,
      WireRequest request,
      ObjectNode out) {
    Member queryMap = null;
    for (Member member : input.members().values()) {
      switch (member.location()) {
        case URI -> {
          String value = labels.get(member.wireName());
          if (value != null) {
            out.set(member.name(), scalar(protocol, member, value, TimestampFormat.ISO_8601));
          }
        }
        case QUERY_STRING -> {
          if (member.target().type() == ShapeType.MAP) {
            queryMap = member;
          } else {
            List<String> values = request.queryParameters().get(member.wireName());
            if (values != null) {
              out.set(member.name(), queryValue(protocol, member, values));
            }
          }
        }
        case HEADER -> {
          List<String> values = request.headers().getAll(member.wireName());
          if (!values.isEmpty()) {
            out.set(member.name(), headerValue(protocol, member, values));
          }
        }
        case HEADERS -> {
          ObjectNode map = prefixedHeaders(member.wireName(), request.headers());
          if (map != null) {
            out.set(member.name(), map);
          }
        }
        case BODY, STATUS_CODE -> {}
      }
    }
    if (queryMap != null) {
      out.set(
          queryMap.name(), remainingQuery(protocol, input, queryMap, literalQueryKeys, request));
    }
  }

  private static JsonNode queryValue(Protocol protocol, Member member, List<String> values) {
    if (member.target().type() == ShapeType.LIST) {
      Member item = member.target().listMember();
      ArrayNode array = NODES.arrayNode(values.size());
      for (String value : values) {
        array.add(scalar(protocol, item, value, TimestampFormat.ISO_8601));
      }
      return array;
    }
    return scalar(protocol, member, values.get(0), TimestampFormat.ISO_8601);
  }

  private static JsonNode headerValue(Protocol protocol, Member member, List<String> values) {
    if (member.target().type() == ShapeType.LIST) {
      Member item = member.target().listMember();
      ArrayNode array = NODES.arrayNode();
      for (String value : values) {
        for (String part : value.split(",")) {
          String trimmed = part.trim();
          if (!trimmed.isEmpty()) {
            array.add(scalar(protocol, item, trimmed, TimestampFormat.RFC_822));
          }
        }
      }
      return array;
    }
    String value = values.size() == 1 ? values.get(0) : String.join(",", values);
    if (member.jsonValue()) {
      try {
        return MAPPER.readTree(Base64.getDecoder().decode(value.trim()));
      } catch (IllegalArgumentException | java.io.IOException e) {
        throw ProtocolErrors.invalidValue(protocol, member.name(), "not base64-encoded JSON");
      }
    }
    return scalar(protocol, member, value, TimestampFormat.RFC_822);
  }

  /** Every header starting with {@code prefix}, keyed by the lower-case rest of its name. */
  private static ObjectNode prefixedHeaders(String prefix, Headers headers) {
    String lowerPrefix = prefix.toLowerCase(Locale.ROOT);
    ObjectNode map = null;
    for (String name : headers.names()) {
      if (name.startsWith(lowerPrefix) && name.length() > lowerPrefix.length()) {
        if (map == null) {
          map = NODES.objectNode();
        }
        map.put(name.substring(lowerPrefix.length()), String.join(",", headers.getAll(name)));
      }
    }
    return map;
  }

  private static ObjectNode remainingQuery(
      Protocol protocol,
      Shape input,
      Member queryMap,
      List<String> literalQueryKeys,
      WireRequest request) {
    ObjectNode map = NODES.objectNode();
    Member value = queryMap.target().mapValue();
    boolean multi = value.target().type() == ShapeType.LIST;
    for (Map.Entry<String, List<String>> parameter : request.queryParameters().entrySet()) {
      String name = parameter.getKey();
      if (literalQueryKeys.contains(name) || boundQueryKey(input, name)) {
        continue;
      }
      if (multi) {
        ArrayNode array = map.putArray(name);
        parameter.getValue().forEach(array::add);
      } else {
        map.set(
            name, scalar(protocol, value, parameter.getValue().get(0), TimestampFormat.ISO_8601));
      }
    }
    return map;
  }

  private static boolean boundQueryKey(Shape input, String name) {
    for (Member member : input.members().values()) {
      if (member.location() == Location.QUERY_STRING
          && member.target().type() != ShapeType.MAP
          && member.wireName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Parses the text form of a scalar member.
   *
   * @throws AwsException the protocol's invalid-value error
   */
  static JsonNode scalar(
      Protocol protocol, Member member, String text, TimestampFormat defaultFormat) {
    Shape shape = member.target();
    try {
      return switch (shape.type()) {
        case STRING -> TextNode.valueOf(text);
        case BOOLEAN -> {
          if ("true".equalsIgnoreCase(text)) {
            yield BooleanNode.TRUE;
          }
          if ("false".equalsIgnoreCase(text)) {
            yield BooleanNode.FALSE;
          }
          throw new NumberFormatException("not a boolean");
        }
        case BYTE, SHORT, INTEGER -> IntNode.valueOf(Integer.parseInt(text.trim()));
        case LONG -> LongNode.valueOf(Long.parseLong(text.trim()));
        case FLOAT, DOUBLE -> DoubleNode.valueOf(parseDouble(text.trim()));
        case BIG_INTEGER -> NODES.numberNode(new BigInteger(text.trim()));
        case BIG_DECIMAL -> DecimalNode.valueOf(new BigDecimal(text.trim()));
        case TIMESTAMP -> Timestamps.node(Timestamps.parse(text, format(member, defaultFormat)));
        case BLOB -> BinaryNode.valueOf(Base64.getMimeDecoder().decode(text.trim()));
        case STRUCTURE, LIST, MAP ->
            throw ProtocolErrors.invalidValue(protocol, member.name(), "not a scalar");
      };
    } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
      throw ProtocolErrors.invalidValue(
          protocol,
          member.name(),
          "Invalid " + shape.type().name().toLowerCase(Locale.ROOT) + " value '" + text + "'");
    } catch (IllegalArgumentException e) {
      throw ProtocolErrors.invalidValue(protocol, member.name(), "Invalid base64 value");
    }
  }

  private static double parseDouble(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The timestamp format of {@code member}: its own, its shape's, else the location default. */
  static TimestampFormat format(Member member, TimestampFormat defaultFormat) {
    if (member.timestampFormat() != null) {
      return member.timestampFormat();
    }
    TimestampFormat shapeFormat = member.target().timestampFormat();
    return shapeFormat != null ? shapeFormat : defaultFormat;
  }

  /** The text form of a scalar value-form node. */
  static String text(Member member, JsonNode value, TimestampFormat defaultFormat) {
    return switch (member.target().type()) {
      case TIMESTAMP -> Timestamps.format(Timestamps.instant(value), format(member, defaultFormat));
      case BLOB -> Base64.getEncoder().encodeToString(bytes(value));
      case FLOAT, DOUBLE -> {
        double number = value.isNumber() ? value.doubleValue() : parseDouble(value.asText());
        yield Double.isNaN(number)
            ? "NaN"
            : Double.isInfinite(number) ? (number > 0 ? "Infinity" : "-Infinity") : value.asText();
      }
      default -> value.asText();
    };
  }

  static byte[] bytes(JsonNode value) {
    if (value.isBinary()) {
      return ((BinaryNode) value).binaryValue();
    }
    if (value.isTextual()) {
      return value.textValue().getBytes(StandardCharsets.UTF_8);
    }
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the output's header members into {@code headers} and returns the status: the {@code
   * statusCode} member's value when the output has one, else {@code defaultStatus}.
   */
  static int encodeNonBody(Shape shape, JsonNode output, int defaultStatus, Headers headers) {
    if (shape == null || output == null || !output.isObject()) {
      return defaultStatus;
    }
    int status = defaultStatus;
    for (Member member : shape.members().values()) {
      if (member.location() == Location.BODY) {
        continue;
      }
      JsonNode value = output.get(member.name());
      if (value == null || value.isNull()) {
        continue;
      }
      switch (member.location()) {
        case STATUS_CODE -> status = value.asInt(defaultStatus);
        case HEADER -> {
          String text = headerText(member, value);
          if (text != null) {
            headers.set(member.wireName(), text);
          }
        }
        case HEADERS -> {
          Member mapValue = member.target().mapValue();
          for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            headers.set(
                member.wireName() + entry.getKey(),
                text(mapValue, entry.getValue(), TimestampFormat.RFC_822));
          }
        }
        case BODY, URI, QUERY_STRING -> {}
      }
    }
    return status;
  }

  private static String headerText(Member member, JsonNode value) {
    if (member.jsonValue()) {
      String json;
      try {
        json = value.isTextual() ? value.textValue() : MAPPER.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
    if (member.target().type() == ShapeType.LIST) {
      if (value.isEmpty()) {
        return null;
      }
      StringBuilder joined = new StringBuilder();
      for (JsonNode item : value) {
        if (joined.length() > 0) {
          joined.append(',');
        }
        joined.append(text(member.target().listMember(), item, TimestampFormat.RFC_822));
      }
      return joined.toString();
    }
    return text(member, value, TimestampFormat.RFC_822);
  }

  /** True when {@code shape} has members that travel in the body. */
  /** How a rest protocol reads a structure from body bytes: XML or JSON. */
  @FunctionalInterface
  interface StructureReader {
    /**
     * @param member the payload member, or null when the body holds the input's body members
     * @param shape the structure to read
     */
    JsonNode read(Member member, Shape shape, byte[] body);
  }

  /**
   * Decodes a rest operation's input: URI labels, query string and headers, then the payload member
   * (a streaming payload is handed over unread, as a POJONode holding the request body; blobs and
   * strings are the raw bytes; a structure is read by {@code reader}) or, without a payload member,
   * the body members.
   */
  static ObjectNode decodeInput(
      Protocol protocol,
      RestRouter router,
      dev.basin.core.model.ServiceModel service,
      dev.basin.core.model.OperationModel operation,
      WireRequest request,
      StructureReader reader) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    Shape shape = operation.input();
    if (shape == null) {
      return input;
    }
    decodeNonBody(
        protocol,
        shape,
        router.labels(service, operation, request.rawPath()),
        router.literalQueryKeys(service, operation),
        request,
        input);
    String payloadName = shape.payloadMember();
    if (payloadName != null) {
      Member payload = shape.member(payloadName);
      JsonNode value = decodePayload(payload, request.body(), reader);
      if (value != null) {
        input.set(payload.name(), value);
      }
    } else if (hasBodyMembers(shape)) {
      byte[] body = request.body().readAllBytes();
      if (body.length > 0) {
        JsonNode members = reader.read(null, shape, body);
        members.fields().forEachRemaining(field -> input.set(field.getKey(), field.getValue()));
      }
    }
    return input;
  }

  /** A streaming payload is handed over unread; other payloads are bounded by AWS and read. */
  private static JsonNode decodePayload(
      Member payload, dev.basin.core.protocol.RequestBody body, StructureReader reader) {
    if (payload.streaming()) {
      return new com.fasterxml.jackson.databind.node.POJONode(body);
    }
    byte[] bytes = body.readAllBytes();
    if (bytes.length == 0) {
      return null;
    }
    return switch (payload.target().type()) {
      case BLOB -> BinaryNode.valueOf(bytes);
      case STRING -> TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
      default -> reader.read(payload, payload.target(), bytes);
    };
  }

  static boolean hasBodyMembers(Shape shape) {
    if (shape == null) {
      return false;
    }
    for (Member member : shape.members().values()) {
      if (member.location() == Location.BODY) {
        return true;
      }
    }
    return false;
  }
}
