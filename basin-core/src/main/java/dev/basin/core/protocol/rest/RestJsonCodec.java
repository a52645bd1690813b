package dev.basin.core.protocol.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.Location;
import dev.basin.core.model.Member;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.Shape;
import dev.basin.core.model.ShapeType;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.ProtocolCodec;
import dev.basin.core.protocol.ProtocolErrors;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.Timestamps;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code rest-json} protocol (Lambda, QuickSight): routing and non-body members as in {@link
 * RestXmlCodec}, bodies as JSON keyed by member name (or location name), timestamps as epoch
 * seconds unless the model says otherwise, blobs base64.
 *
 * <p>Errors: the exception's status, {@code x-amzn-ErrorType: Code}, and Lambda's body {@code
 * {"Type":"User"|"Service","Message":…, …fields}}. The message key follows the exception shape the
 * operation declares ({@code Message} for Lambda and QuickSight, whose shapes say so), else {@code
 * message}; the SDKs read either ({@code message}, {@code Message}, {@code errorMessage}).
 */
public final class RestJsonCodec implements ProtocolCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String JSON = "application/json";

  private final RestRouter router = new RestRouter(Protocol.REST_JSON);

  public RestJsonCodec() {}

  @Override
  public Protocol protocol() {
    return Protocol.REST_JSON;
  }

  @Override
  public OperationModel resolveOperation(ServiceModel service, WireRequest request) {
    return router.resolve(service, request);
  }

  @Override
  public ObjectNode decodeInput(
      ServiceModel service, OperationModel operation, WireRequest request) {
    return RestBindings.decodeInput(
        Protocol.REST_JSON,
        router,
        service,
        operation,
        request,
        (member, shape, body) -> fromWire(member, shape, parse(body)));
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode tree = MAPPER.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw ProtocolErrors.malformedBody(Protocol.REST_JSON, "the body is not a JSON object");
      }
      return tree;
    } catch (IOException e) {
      throw ProtocolErrors.malformedBody(
          Protocol.REST_JSON, "Could not parse request body into json: " + e.getMessage());
    }
  }

  /**
   * Converts a wire JSON value of {@code shape} to the value form; {@code member} names the value
   * in errors and carries its timestamp format (null for the root).
   */
  private static JsonNode fromWire(Member member, Shape shape, JsonNode wire) {
    String name = member == null ? shape.name() : member.name();
    switch (shape.type()) {
      case STRUCTURE -> {
        if (!wire.isObject()) {
          throw invalid(name, "expected an object");
        }
        ObjectNode out = NODES.objectNode();
        for (Member child : shape.members().values()) {
          if (child.location() != Location.BODY) {
            continue;
          }
          JsonNode value = wire.get(child.wireName());
          if (value != null && !value.isNull()) {
            out.set(child.name(), fromWire(child, child.target(), value));
          }
        }
        return out;
      }
      case LIST -> {
        if (!wire.isArray()) {
          throw invalid(name, "expected an array");
        }
        ArrayNode out = NODES.arrayNode(wire.size());
        Member item = shape.listMember();
        for (JsonNode element : wire) {
          out.add(element.isNull() ? element : fromWire(item, item.target(), element));
        }
        return out;
      }
      case MAP -> {
        if (!wire.isObject()) {
          throw invalid(name, "expected an object");
        }
        ObjectNode out = NODES.objectNode();
        Member value = shape.mapValue();
        for (Iterator<Map.Entry<String, JsonNode>> it = wire.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          out.set(
              entry.getKey(),
              entry.getValue().isNull()
                  ? entry.getValue()
                  : fromWire(value, value.target(), entry.getValue()));
        }
        return out;
      }
      case STRING -> {
        if (!wire.isTextual()) {
          throw invalid(name, "expected a string");
        }
        return wire;
      }
      case BOOLEAN -> {
        if (!wire.isBoolean()) {
          throw invalid(name, "expected a boolean");
        }
        return wire;
      }
      case BYTE, SHORT, INTEGER, LONG, BIG_INTEGER -> {
        if (!wire.isIntegralNumber()) {
          throw invalid(name, "expected an integer");
        }
        return wire;
      }
      case FLOAT, DOUBLE, BIG_DECIMAL -> {
        if (wire.isNumber()) {
          return wire;
        }
        if (wire.isTextual()
            && switch (wire.textValue()) {
              case "NaN", "Infinity", "-Infinity" -> true;
              default -> false;
            }) {
          return NODES.numberNode(Double.parseDouble(wire.textValue()));
        }
        throw invalid(name, "expected a number");
      }
      case TIMESTAMP -> {
        try {
          if (wire.isNumber()) {
            return DecimalNode.valueOf(wire.decimalValue());
          }
          if (wire.isTextual()) {
            TimestampFormat format =
                member == null
                    ? TimestampFormat.UNIX_TIMESTAMP
                    : RestBindings.format(member, TimestampFormat.UNIX_TIMESTAMP);
            return Timestamps.node(Timestamps.parse(wire.textValue(), format));
          }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
          throw invalid(name, "invalid timestamp");
        }
        throw invalid(name, "expected a timestamp");
      }
      case BLOB -> {
        if (!wire.isTextual()) {
          throw invalid(name, "expected a base64 string");
        }
        try {
          return BinaryNode.valueOf(Base64.getMimeDecoder().decode(wire.textValue()));
        } catch (IllegalArgumentException e) {
          throw invalid(name, "invalid base64");
        }
      }
    }
    throw new IllegalStateException("unhandled shape type " + shape.type());
  }

  private static AwsException invalid(String member, String detail) {
    return ProtocolErrors.invalidValue(Protocol.REST_JSON, member, detail);
  }

  @Override
  public WireResponse encodeOutput(
      ServiceModel service, OperationModel operation, JsonNode output, ResponseMeta meta) {
    Headers headers = new Headers();
    Shape shape = operation.output();
    int status = RestBindings.encodeNonBody(shape, output, operation.responseCode(), headers);
    if (shape == null || output == null || meta.headRequest()) {
      return new WireResponse(status, headers, ResponseBody.EMPTY);
    }
    String payloadName = shape.payloadMember();
    if (payloadName != null) {
      Member payload = shape.member(payloadName);
      JsonNode value = output.get(payloadName);
      if (value == null || value.isNull()) {
        return new WireResponse(status, headers, ResponseBody.EMPTY);
      }
      if (payload.target().type() == ShapeType.STRUCTURE) {
        headers.set("Content-Type", JSON);
        return new WireResponse(
            status, headers, ResponseBody.of(write(g -> writeValue(g, payload, value))));
      }
      return new WireResponse(status, headers, RestXmlCodec.rawPayload(value));
    }
    if (!RestBindings.hasBodyMembers(shape)) {
      return new WireResponse(status, headers, ResponseBody.EMPTY);
    }
    headers.set("Content-Type", JSON);
    return new WireResponse(
        status, headers, ResponseBody.of(write(g -> writeStructure(g, shape, output, true))));
  }

  private interface Writer {
    void write(JsonGenerator generator) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
      writer.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeStructure(
      JsonGenerator generator, Shape shape, JsonNode value, boolean bodyOnly) throws IOException {
    generator.writeStartObject();
    for (Member member : shape.members().values()) {
      if (bodyOnly && member.location() != Location.BODY) {
        continue;
      }
      JsonNode child = value.get(member.name());
      if (child != null && !child.isNull()) {
        generator.writeFieldName(member.wireName());
        writeValue(generator, member, child);
      }
    }
    generator.writeEndObject();
  }

  private static void writeValue(JsonGenerator generator, Member member, JsonNode value)
      throws IOException {
    Shape shape = member.target();
    switch (shape.type()) {
      case STRUCTURE -> writeStructure(generator, shape, value, false);
      case LIST -> {
        generator.writeStartArray();
        for (JsonNode item : value) {
          if (item.isNull()) {
            generator.writeNull();
          } else {
            writeValue(generator, shape.listMember(), item);
          }
        }
        generator.writeEndArray();
      }
      case MAP -> {
        generator.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          generator.writeFieldName(entry.getKey());
          if (entry.getValue().isNull()) {
            generator.writeNull();
          } else {
            writeValue(generator, shape.mapValue(), entry.getValue());
          }
        }
        generator.writeEndObject();
      }
      case TIMESTAMP -> {
        TimestampFormat format = RestBindings.format(member, TimestampFormat.UNIX_TIMESTAMP);
        String text = Timestamps.format(Timestamps.instant(value), format);
        if (format == TimestampFormat.UNIX_TIMESTAMP) {
          generator.writeNumber(text);
        } else {
          generator.writeString(text);
        }
      }
      case BLOB -> generator.writeBinary(RestBindings.bytes(value));
      case STRING -> generator.writeString(value.asText());
      case FLOAT, DOUBLE -> {
        double number = value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText());
        if (Double.isNaN(number) || Double.isInfinite(number)) {
          generator.writeString(RestBindings.text(member, value, TimestampFormat.UNIX_TIMESTAMP));
        } else {
          generator.writeTree(value);
        }
      }
      default -> generator.writeTree(value);
    }
  }

  @Override
  public WireResponse encodeError(
      ServiceModel service, OperationModel operation, AwsException error, ResponseMeta meta) {
    Headers headers = new Headers();
    error.headers().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
    headers.set("x-amzn-ErrorType", error.code());
    if (meta.headRequest()) {
      return new WireResponse(error.status(), headers, ResponseBody.EMPTY);
    }
    headers.set("Content-Type", JSON);
    String messageKey = messageKey(operation, error.code());
    ObjectNode body = NODES.objectNode();
    body.put("Type", error.senderFault() ? "User" : "Service");
    body.put(messageKey, error.getMessage() == null ? "" : error.getMessage());
    for (Map.Entry<String, Object> field : error.fields().entrySet()) {
      Object value = field.getValue();
      body.set(field.getKey(), value instanceof JsonNode node ? node : MAPPER.valueToTree(value));
    }
    try {
      return new WireResponse(
          error.status(), headers, ResponseBody.of(MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code Message} when the declared exception shape spells it so, else {@code message}. */
  private static String messageKey(OperationModel operation, String code) {
    if (operation != null) {
      for (Shape error : operation.errors()) {
        if (error != null && error.errorCode().equals(code)) {
          for (String name : error.members().keySet()) {
            if (name.equalsIgnoreCase("message")) {
              return name;
            }
          }
        }
      }
    }
    return "message";
  }
}
