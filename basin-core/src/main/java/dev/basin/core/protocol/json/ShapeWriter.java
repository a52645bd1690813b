package dev.basin.core.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.basin.core.model.Member;
import dev.basin.core.model.Shape;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.Timestamps;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a value-form tree as a JSON or CBOR body, driven by the output shape: members the shape
 * does not have and {@code null}s are left out, scalars are written as their shape's type, blobs as
 * base64 text (JSON) or byte strings (CBOR), and timestamps as epoch seconds (JSON, unless the
 * member says otherwise) or CBOR tag 1 around a double, as Smithy's rpcv2Cbor protocol requires.
 *
 * <p>Containers are written with definite lengths so that CBOR readers need not handle
 * indefinite-length items. Stateless and thread safe.
 */
final class ShapeWriter {
  private static final int EPOCH_SECONDS_TAG = 1;

  private final boolean cbor;

  /**
   * @param cbor the generators are {@link CBORGenerator}s
   */
  ShapeWriter(boolean cbor) {
    this.cbor = cbor;
  }

  /**
   * Writes {@code value} as structure {@code shape}; a null shape or a non-object writes {@code
   * {}}.
   */
  void writeStructure(JsonGenerator generator, Shape shape, JsonNode value) throws IOException {
    if (shape == null || value == null || !value.isObject()) {
      generator.writeStartObject(value, 0);
      generator.writeEndObject();
      return;
    }
    generator.writeStartObject(value, cbor ? countMembers(shape, value) : value.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode memberValue = field.getValue();
      Member member = shape.member(field.getKey());
      if (member == null || memberValue.isNull() || memberValue.isMissingNode()) {
        continue;
      }
      generator.writeFieldName(field.getKey());
      writeValue(generator, member, memberValue);
    }
    generator.writeEndObject();
  }

  private static int countMembers(Shape shape, JsonNode value) {
    int count = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().isNull() && shape.member(field.getKey()) != null) {
        count++;
      }
    }
    return count;
  }

  private void writeValue(JsonGenerator generator, Member member, JsonNode value)
      throws IOException {
    Shape shape = member.target();
    switch (shape.type()) {
      case STRUCTURE -> writeStructure(generator, shape, value);
      case LIST -> {
        if (!value.isArray()) {
          writeGeneric(generator, value);
          return;
        }
        Member element = shape.listMember();
        generator.writeStartArray(value, value.size());
        for (JsonNode item : value) {
          if (item.isNull()) {
            generator.writeNull();
          } else {
            writeValue(generator, element, item);
          }
        }
        generator.writeEndArray();
      }
      case MAP -> {
        if (!value.isObject()) {
          writeGeneric(generator, value);
          return;
        }
        Member valueMember = shape.mapValue();
        generator.writeStartObject(value, value.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          generator.writeFieldName(entry.getKey());
          if (entry.getValue().isNull()) {
            generator.writeNull();
          } else {
            writeValue(generator, valueMember, entry.getValue());
          }
        }
        generator.writeEndObject();
      }
      case STRING -> generator.writeString(value.isTextual() ? value.textValue() : value.asText());
      case BOOLEAN -> generator.writeBoolean(value.asBoolean());
      case BYTE, SHORT, INTEGER -> {
        if (value.isNumber()) {
          generator.writeNumber(value.intValue());
        } else {
          writeGeneric(generator, value);
        }
      }
      case LONG -> {
        if (value.isNumber()) {
          generator.writeNumber(value.longValue());
        } else {
          writeGeneric(generator, value);
        }
      }
      case FLOAT, DOUBLE -> {
        if (!value.isNumber()) {
          writeGeneric(generator, value);
          return;
        }
        double number = value.doubleValue();
        if (!cbor && !Double.isFinite(number)) {
          // JSON has no literal for these; the JSON protocols send them as strings.
          generator.writeString(
              Double.isNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
        } else {
          generator.writeNumber(number);
        }
      }
      case TIMESTAMP -> writeTimestamp(generator, member, Timestamps.instant(value));
      case BLOB -> generator.writeBinary(value.binaryValue());
      case BIG_INTEGER, BIG_DECIMAL -> writeGeneric(generator, value);
    }
  }

  private void writeTimestamp(JsonGenerator generator, Member member, Instant instant)
      throws IOException {
    long millis = instant.toEpochMilli();
    if (cbor) {
      ((CBORGenerator) generator).writeTag(EPOCH_SECONDS_TAG);
      generator.writeNumber(millis / 1000.0);
      return;
    }
    TimestampFormat format =
        member.timestampFormat() != null
            ? member.timestampFormat()
            : member.target().timestampFormat() != null
                ? member.target().timestampFormat()
                : TimestampFormat.UNIX_TIMESTAMP;
    if (format != TimestampFormat.UNIX_TIMESTAMP) {
      generator.writeString(Timestamps.format(instant, format));
    } else if (millis % 1000 == 0) {
      generator.writeNumber(millis / 1000);
    } else {
      generator.writeNumber(BigDecimal.valueOf(millis, 3));
    }
  }

  /** Writes a tree as it is, for values with no shape to follow (error fields, mistyped values). */
  void writeGeneric(JsonGenerator generator, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        generator.writeStartObject(node, node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          generator.writeFieldName(field.getKey());
          writeGeneric(generator, field.getValue());
        }
        generator.writeEndObject();
      }
      case ARRAY -> {
        generator.writeStartArray(node, node.size());
        for (JsonNode item : node) {
          writeGeneric(generator, item);
        }
        generator.writeEndArray();
      }
      case STRING -> generator.writeString(node.textValue());
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> generator.writeNumber(node.intValue());
          case LONG -> generator.writeNumber(node.longValue());
          case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
          case FLOAT -> generator.writeNumber(node.floatValue());
          case DOUBLE -> generator.writeNumber(node.doubleValue());
          case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
        }
      }
      case BOOLEAN -> generator.writeBoolean(node.booleanValue());
      case BINARY -> generator.writeBinary(node.binaryValue());
      case POJO -> generator.writeString(String.valueOf(((POJONode) node).getPojo()));
      case NULL, MISSING -> generator.writeNull();
    }
  }
}
