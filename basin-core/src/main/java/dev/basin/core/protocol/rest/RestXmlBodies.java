package dev.basin.core.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.Location;
import dev.basin.core.model.Member;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.Shape;
import dev.basin.core.model.ShapeType;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.ProtocolErrors;
import java.io.ByteArrayInputStream;
import java.util.Iterator;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads and writes rest-xml bodies guided by the model, the way botocore and the SDKs lay them out:
 * structures as elements of their members; non-flattened lists wrap their items in {@code member}
 * (or the list member's location name); flattened lists repeat the element; maps as {@code
 * entry/key/value} (names from the model when given); {@code xmlAttribute} members as attributes;
 * timestamps ISO 8601 unless the model says otherwise; blobs base64.
 *
 * <p>Reading uses StAX without DTDs or external entities and ignores namespaces and unknown
 * elements; writing builds the text directly (no DOM).
 */
final class RestXmlBodies {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
  private static final XMLInputFactory INPUTS = secureFactory();

  private RestXmlBodies() {}

  private static XMLInputFactory secureFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads the root element of {@code xml} as a value of {@code member}'s shape (any root name).
   *
   * @throws dev.basin.core.protocol.AwsException MalformedXML, or InvalidArgument for bad scalars
   */
  static JsonNode read(Protocol protocol, Member member, byte[] xml) {
    try {
      XMLStreamReader reader = INPUTS.createXMLStreamReader(new ByteArrayInputStream(xml));
      try {
        while (reader.hasNext()) {
          if (reader.next() == XMLStreamConstants.START_ELEMENT) {
            return readValue(protocol, reader, member);
          }
        }
        throw ProtocolErrors.malformedBody(protocol, "no root element");
      } finally {
        reader.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof dev.basin.core.protocol.AwsException aws) {
        throw aws;
      }
      throw ProtocolErrors.malformedBody(protocol, "malformed XML: " + e.getMessage());
    }
  }

  /** Reads the element the reader is on; leaves the reader on its end tag. Null when empty. */
  private static JsonNode readValue(Protocol protocol, XMLStreamReader reader, Member member)
      throws XMLStreamException {
    Shape shape = member.target();
    return switch (shape.type()) {
      case STRUCTURE -> readStructure(protocol, reader, shape);
      case LIST -> {
        ArrayNode array = NODES.arrayNode();
        Member item = shape.listMember();
        while (nextChild(reader)) {
          addNonNull(array, readValue(protocol, reader, item));
        }
        yield array;
      }
      case MAP -> {
        ObjectNode map = NODES.objectNode();
        while (nextChild(reader)) {
          readEntry(protocol, reader, shape, map);
        }
        yield map;
      }
      default -> {
        String text = reader.getElementText();
        if (text.isEmpty() && shape.type() != ShapeType.STRING) {
          yield null;
        }
        yield RestBindings.scalar(protocol, member, text, TimestampFormat.ISO_8601);
      }
    };
  }

  private static ObjectNode readStructure(Protocol protocol, XMLStreamReader reader, Shape shape)
      throws XMLStreamException {
    ObjectNode object = NODES.objectNode();
    for (Member member : shape.members().values()) {
      if (member.xmlAttribute()) {
        String value = attribute(reader, member.wireName());
        if (value != null) {
          object.set(
              member.name(),
              RestBindings.scalar(protocol, member, value, TimestampFormat.ISO_8601));
        }
      }
    }
    while (nextChild(reader)) {
      Member member = memberForElement(shape, reader.getLocalName());
      if (member == null) {
        skipElement(reader);
        continue;
      }
      Shape target = member.target();
      if (flattened(member) && target.type() == ShapeType.LIST) {
        ArrayNode array =
            object.get(member.name()) instanceof ArrayNode existing
                ? existing
                : object.putArray(member.name());
        addNonNull(array, readValue(protocol, reader, target.listMember()));
      } else if (flattened(member) && target.type() == ShapeType.MAP) {
        ObjectNode map =
            object.get(member.name()) instanceof ObjectNode existing
                ? existing
                : object.putObject(member.name());
        readEntry(protocol, reader, target, map);
      } else {
        JsonNode value = readValue(protocol, reader, member);
        if (value != null) {
          object.set(member.name(), value);
        }
      }
    }
    return object;
  }

  /** Reads one map entry: the element the reader is on holds the key and value elements. */
  private static void readEntry(
      Protocol protocol, XMLStreamReader reader, Shape map, ObjectNode into)
      throws XMLStreamException {
    String keyName = wireName(map.mapKey(), "key");
    String valueName = wireName(map.mapValue(), "value");
    String key = null;
    JsonNode value = null;
    while (nextChild(reader)) {
      String local = reader.getLocalName();
      if (local.equals(keyName)) {
        key = reader.getElementText();
      } else if (local.equals(valueName)) {
        value = readValue(protocol, reader, map.mapValue());
      } else {
        skipElement(reader);
      }
    }
    if (key != null) {
      into.set(key, value == null ? NODES.nullNode() : value);
    }
  }

  private static String attribute(XMLStreamReader reader, String wireName) {
    int colon = wireName.indexOf(':');
    String local = colon < 0 ? wireName : wireName.substring(colon + 1);
    for (int i = 0; i < reader.getAttributeCount(); i++) {
      if (reader.getAttributeLocalName(i).equals(local)) {
        return reader.getAttributeValue(i);
      }
    }
    return null;
  }

  /** Advances to the next child start tag (true) or to the parent's end tag (false). */
  private static boolean nextChild(XMLStreamReader reader) throws XMLStreamException {
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        return true;
      }
      if (event == XMLStreamConstants.END_ELEMENT) {
        return false;
      }
    }
    throw new XMLStreamException("unexpected end of document");
  }

  private static void skipElement(XMLStreamReader reader) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  private static void addNonNull(ArrayNode array, JsonNode value) {
    if (value != null) {
      array.add(value);
    }
  }

  private static Member memberForElement(Shape shape, String localName) {
    for (Member member : shape.members().values()) {
      if (member.location() == Location.BODY
          && !member.xmlAttribute()
          && elementName(member).equals(localName)) {
        return member;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes {@code value} of {@code shape} as the document's root element {@code rootName}, with the
   * default namespace {@code namespace} when non-null; members not in the body are skipped.
   */
  static String write(String rootName, String namespace, Shape shape, JsonNode value) {
    StringBuilder xml = new StringBuilder(256);
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    if (shape.type() == ShapeType.STRUCTURE) {
      writeStructure(xml, rootName, namespace, shape, value);
    } else {
      Member pseudo = pseudoMember(rootName, shape);
      writeMember(xml, pseudo, value);
    }
    return xml.toString();
  }

  private static Member pseudoMember(String name, Shape shape) {
    return new Member(
        name,
        shape,
        Location.BODY,
        name,
        null,
        false,
        false,
        null,
        null,
        false,
        false,
        false,
        false);
  }

  private static void writeStructure(
      StringBuilder xml, String name, String namespace, Shape shape, JsonNode value) {
    xml.append('<').append(name);
    if (namespace != null) {
      xml.append(" xmlns=\"").append(escape(namespace)).append('"');
    }
    boolean xsiDeclared = false;
    for (Member member : shape.members().values()) {
      JsonNode attribute = member.xmlAttribute() ? value.get(member.name()) : null;
      if (attribute != null && !attribute.isNull()) {
        String attributeName = member.wireName();
        if (attributeName.startsWith("xsi:") && !xsiDeclared) {
          xml.append(" xmlns:xsi=\"").append(XSI).append('"');
          xsiDeclared = true;
        }
        xml.append(' ')
            .append(attributeName)
            .append("=\"")
            .append(escape(RestBindings.text(member, attribute, TimestampFormat.ISO_8601)))
            .append('"');
      }
    }
    xml.append('>');
    for (Member member : shape.members().values()) {
      if (member.location() != Location.BODY || member.xmlAttribute()) {
        continue;
      }
      JsonNode child = value.get(member.name());
      if (child != null && !child.isNull()) {
        writeMember(xml, member, child);
      }
    }
    xml.append("</").append(name).append('>');
  }

  private static void writeMember(StringBuilder xml, Member member, JsonNode value) {
    Shape shape = member.target();
    String name = elementName(member);
    switch (shape.type()) {
      case STRUCTURE -> writeStructure(xml, name, member.xmlNamespaceUri(), shape, value);
      case LIST -> {
        Member item = shape.listMember();
        if (flattened(member)) {
          Member repeated = renamed(item, name);
          for (JsonNode element : value) {
            writeMember(xml, repeated, element);
          }
        } else {
          Member wrapped = renamed(item, wireName(item, "member"));
          xml.append('<').append(name).append('>');
          for (JsonNode element : value) {
            writeMember(xml, wrapped, element);
          }
          xml.append("</").append(name).append('>');
        }
      }
      case MAP -> {
        Member key = renamed(shape.mapKey(), wireName(shape.mapKey(), "key"));
        Member mapValue = renamed(shape.mapValue(), wireName(shape.mapValue(), "value"));
        boolean flat = flattened(member);
        if (!flat) {
          xml.append('<').append(name).append('>');
        }
        String entry = flat ? name : "entry";
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          xml.append('<').append(entry).append('>');
          writeMember(xml, key, NODES.textNode(field.getKey()));
          writeMember(xml, mapValue, field.getValue());
          xml.append("</").append(entry).append('>');
        }
        if (!flat) {
          xml.append("</").append(name).append('>');
        }
      }
      default -> {
        xml.append('<').append(name);
        if (member.xmlNamespaceUri() != null) {
          xml.append(" xmlns=\"").append(escape(member.xmlNamespaceUri())).append('"');
        }
        xml.append('>')
            .append(escape(RestBindings.text(member, value, TimestampFormat.ISO_8601)))
            .append("</")
            .append(name)
            .append('>');
      }
    }
  }

  private static Member renamed(Member member, String name) {
    return new Member(
        member.name(),
        member.target(),
        member.location(),
        name,
        member.queryName(),
        false,
        member.xmlAttribute(),
        member.xmlNamespaceUri(),
        member.timestampFormat(),
        member.jsonValue(),
        member.idempotencyToken(),
        member.hostLabel(),
        member.streamingFlag());
  }

  // ---------------------------------------------------------------- names

  private static boolean flattened(Member member) {
    return member.flattened() || member.target().flattened();
  }

  /**
   * The element name of a structure member. A flattened list repeats its items under the list
   * member's location name when it has one (botocore's rule), else under the member's wire name.
   */
  static String elementName(Member member) {
    Shape target = member.target();
    if (target.type() == ShapeType.LIST && flattened(member)) {
      String itemName = target.listMember().locationName();
      if (itemName != null) {
        return itemName;
      }
    }
    return member.wireName();
  }

  private static String wireName(Member member, String fallback) {
    return member.locationName() != null ? member.locationName() : fallback;
  }

  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&apos;";
            case '\r' -> "&#13;";
            case '\n' -> "&#10;";
            case '\t' -> "&#9;";
            default -> null;
          };
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
