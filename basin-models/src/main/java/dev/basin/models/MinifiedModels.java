package dev.basin.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns a model in the AWS SDK for JavaScript's minified form ({@code apis/*.min.json}) into the
 * standard service-model form that Basin reads.
 *
 * <p>The minified form writes most shapes inline where they are used: an operation's input is a
 * structure instead of a {@code {"shape": name}} reference, a member is {@code {"type": "integer",
 * "location": ...}} or just {@code {}} for a string, and the few shared shapes get short names
 * ({@code Sd9}). It also leaves out documentation, enums, error shapes and {@code requestUri: "/"}.
 * This class gives every inline shape a name ({@code PutObjectRequest}, {@code
 * PutObjectRequestMetadata}), splits each inline definition into the member's traits and the
 * shape's, and fills in the defaults.
 */
final class MinifiedModels {
  /** Traits of the reference to a shape. */
  private static final Set<String> MEMBER_TRAITS =
      Set.of(
          "location",
          "locationName",
          "queryName",
          "xmlAttribute",
          "jsonvalue",
          "idempotencyToken",
          "hostLabel",
          "contextParam",
          "deprecated",
          "box",
          "eventpayload");

  /** Traits that may be written on either side and mean the same on both. */
  private static final Set<String> SHARED_TRAITS =
      Set.of("flattened", "xmlNamespace", "timestampFormat", "streaming");

  private MinifiedModels() {}

  static ObjectNode normalize(ObjectNode minified) {
    ObjectNode model = JsonNodeFactory.instance.objectNode();
    model.set("metadata", minified.get("metadata"));
    ObjectNode shapes = model.putObject("shapes");
    Set<String> names = new HashSet<>();
    minified.path("shapes").fieldNames().forEachRemaining(names::add);
    for (Iterator<Map.Entry<String, JsonNode>> it = minified.path("shapes").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> shape = it.next();
      shapes.set(shape.getKey(), shapeOf(shape.getKey(), shape.getValue(), shapes, names));
    }
    ObjectNode operations = model.putObject("operations");
    for (Iterator<Map.Entry<String, JsonNode>> it = minified.path("operations").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      ObjectNode operation = ((ObjectNode) entry.getValue()).deepCopy();
      operation.put("name", name);
      ObjectNode http = (ObjectNode) operation.path("http");
      if (!http.has("requestUri")) {
        http.put("requestUri", "/");
      }
      if (!http.has("method")) {
        http.put("method", "POST");
      }
      for (String side : new String[] {"input", "output"}) {
        JsonNode definition = operation.get(side);
        if (definition != null && !definition.has("shape")) {
          String shapeName = unique(name + (side.equals("input") ? "Request" : "Output"), names);
          shapes.set(shapeName, shapeOf(shapeName, definition, shapes, names));
          ObjectNode reference = JsonNodeFactory.instance.objectNode().put("shape", shapeName);
          if (definition.has("resultWrapper")) {
            reference.set("resultWrapper", definition.get("resultWrapper"));
          }
          operation.set(side, reference);
        }
      }
      operations.set(name, operation);
    }
    return model;
  }

  /** The standard form of a shape definition; inline member shapes become named shapes. */
  private static ObjectNode shapeOf(
      String name, JsonNode definition, ObjectNode shapes, Set<String> names) {
    ObjectNode shape = JsonNodeFactory.instance.objectNode();
    definition
        .fields()
        .forEachRemaining(
            field -> {
              if (!MEMBER_TRAITS.contains(field.getKey())) {
                shape.set(field.getKey(), field.getValue());
              }
            });
    if (!shape.has("type")) {
      shape.put("type", definition.has("members") ? "structure" : "string");
    }
    if (definition.has("locationName") && "structure".equals(shape.path("type").asText())) {
      // The XML root element name of a payload structure is a trait of the shape too.
      shape.set("locationName", definition.get("locationName"));
    }
    if (definition.has("members")) {
      ObjectNode members = JsonNodeFactory.instance.objectNode();
      definition
          .path("members")
          .fields()
          .forEachRemaining(
              member ->
                  members.set(
                      member.getKey(),
                      memberOf(name + member.getKey(), member.getValue(), shapes, names)));
      shape.set("members", members);
    }
    for (String element : new String[] {"member", "key", "value"}) {
      if (definition.has(element)) {
        String suffix = Character.toUpperCase(element.charAt(0)) + element.substring(1);
        shape.set(element, memberOf(name + suffix, definition.get(element), shapes, names));
      }
    }
    return shape;
  }

  /** A member reference; an inline definition is moved into a new shape named {@code suggested}. */
  private static ObjectNode memberOf(
      String suggested, JsonNode definition, ObjectNode shapes, Set<String> names) {
    if (definition.has("shape")) {
      return ((ObjectNode) definition).deepCopy();
    }
    String shapeName = unique(suggested, names);
    shapes.set(shapeName, shapeOf(shapeName, definition, shapes, names));
    ObjectNode member = JsonNodeFactory.instance.objectNode().put("shape", shapeName);
    definition
        .fields()
        .forEachRemaining(
            field -> {
              if (MEMBER_TRAITS.contains(field.getKey())
                  || SHARED_TRAITS.contains(field.getKey())) {
                member.set(field.getKey(), field.getValue());
              }
            });
    return member;
  }

  private static String unique(String suggested, Set<String> names) {
    String name = suggested;
    for (int i = 2; !names.add(name); i++) {
      name = suggested + i;
    }
    return name;
  }
}
