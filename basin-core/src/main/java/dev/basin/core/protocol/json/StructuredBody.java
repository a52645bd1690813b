package dev.basin.core.protocol.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.Shape;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.ProtocolErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * The body format of the JSON or CBOR codec: parses request bodies with a {@link ShapeReader} and
 * writes responses and error documents with a {@link ShapeWriter}. Thread safe.
 */
final class StructuredBody {
  private static final int MAX_NAME_LENGTH = 1 << 20;
  private final Protocol protocol;
  private final JsonFactory factory;
  private final ShapeReader reader;
  private final ShapeWriter writer;

  private StructuredBody(Protocol protocol, JsonFactory factory, boolean cbor) {
    this.protocol = protocol;
    this.factory = factory;
    this.reader = new ShapeReader(protocol, cbor);
    this.writer = new ShapeWriter(cbor);
  }

  static StructuredBody json() {
    // Jackson's default 50,000-character name limit is below what services accept (DynamoDB
    // attribute names go to 65,535 bytes); the services check their own limits.
    return new StructuredBody(
        Protocol.JSON,
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNameLength(MAX_NAME_LENGTH).build())
            .build(),
        false);
  }

  static StructuredBody cbor() {
    return new StructuredBody(Protocol.RPC_V2_CBOR, new CBORFactory(), true);
  }

  /**
   * Reads a request body; an empty body is an empty input.
   *
   * @throws AwsException {@code SerializationException} for bodies that do not parse or do not fit
   *     the shape
   */
  ObjectNode read(byte[] body, Shape shape) {
    if (body.length == 0) {
      return JsonNodeFactory.instance.objectNode();
    }
    try (JsonParser parser = factory.createParser(body)) {
      return reader.readDocument(parser, shape);
    } catch (JacksonException e) {
      throw ProtocolErrors.malformedBody(
          protocol,
          (protocol == Protocol.JSON ? "Malformed JSON body: " : "Malformed CBOR body: ")
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code value} as structure {@code shape}; null writes an empty object. */
  byte[] write(Shape shape, JsonNode value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = factory.createGenerator(out)) {
      writer.writeStructure(generator, shape, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Writes an error document: {@code __type}, the message (left out when empty, as AWS does) and
   * the error's extra fields.
   */
  byte[] writeError(String type, String messageMember, AwsException error) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator generator = factory.createGenerator(out)) {
      String message = error.getMessage();
      boolean hasMessage = message != null && !message.isEmpty();
      int size = 1 + (hasMessage ? 1 : 0);
      for (String field : error.fields().keySet()) {
        if (!field.equals("__type") && !field.equals(messageMember)) {
          size++;
        }
      }
      generator.writeStartObject(error, size);
      generator.writeStringField("__type", type);
      if (hasMessage) {
        generator.writeStringField(messageMember, message);
      }
      for (Map.Entry<String, Object> field : error.fields().entrySet()) {
        if (field.getKey().equals("__type") || field.getKey().equals(messageMember)) {
          continue;
        }
        generator.writeFieldName(field.getKey());
        writeObject(generator, field.getValue());
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void writeObject(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof JsonNode node) {
      writer.writeGeneric(generator, node);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigDecimal decimal) {
      generator.writeNumber(decimal);
    } else if (value instanceof BigInteger integer) {
      generator.writeNumber(integer);
    } else if (value instanceof Number number) {
      generator.writeNumber(number.doubleValue());
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else {
      generator.writeString(value.toString());
    }
  }
}
