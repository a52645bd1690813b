package dev.basin.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the service models that {@code basin-models} put on the classpath. Models are read once
 * each, on first use, and cached.
 *
 * <p>Quirks of the published models that Basin must correct are applied here, in {@link
 * #applyPatches}, and nowhere else.
 */
public final class ServiceModelLoader {
  private static final String RESOURCE_DIR = "/dev/basin/models/";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, ServiceModel> cache = new ConcurrentHashMap<>();

  /** Returns the model with Basin's id {@code id}, e.g. {@code sts}. */
  public ServiceModel load(String id) {
    return cache.computeIfAbsent(id, ServiceModelLoader::read);
  }

  private static ServiceModel read(String id) {
    try (InputStream in =
        ServiceModelLoader.class.getResourceAsStream(RESOURCE_DIR + id + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no service model named " + id);
      }
      return parse(id, MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read service model " + id, e);
    }
  }

  /**
   * Builds a model from its JSON form; public for codec tests that use small hand-written models.
   */
  public static ServiceModel parse(String id, JsonNode json) {
    patchJson(id, json);
    JsonNode metadata = json.path("metadata");
    List<Protocol> protocols = new ArrayList<>();
    for (JsonNode protocol : metadata.path("protocols")) {
      protocols.add(Protocol.fromModel(protocol.asText()));
    }
    if (protocols.isEmpty()) {
      protocols.add(Protocol.fromModel(metadata.path("protocol").asText()));
    }

    Map<String, Shape> shapes = new HashMap<>();
    json.path("shapes")
        .fields()
        .forEachRemaining(
            entry ->
                shapes.put(
                    entry.getKey(),
                    new Shape(
                        entry.getKey(),
                        ShapeType.fromModel(entry.getValue().path("type").asText()))));
    json.path("shapes")
        .fields()
        .forEachRemaining(entry -> link(shapes.get(entry.getKey()), entry.getValue(), shapes));

    Map<String, OperationModel> operations = new LinkedHashMap<>();
    json.path("operations")
        .fields()
        .forEachRemaining(
            entry -> operations.put(entry.getKey(), operation(entry.getValue(), shapes)));
    Set<String> unserved = new LinkedHashSet<>();
    json.path("unservedOperations").forEach(name -> unserved.add(name.asText()));

    ServiceModel model =
        new ServiceModel(
            id,
            List.copyOf(protocols),
            metadata.path("apiVersion").asText(),
            metadata.path("endpointPrefix").asText(),
            text(metadata, "signingName", metadata.path("endpointPrefix").asText()),
            text(metadata, "targetPrefix", null),
            text(metadata, "jsonVersion", null),
            text(metadata, "xmlNamespace", null),
            text(metadata, "serviceId", id),
            metadata.has("awsQueryCompatible"),
            Collections.unmodifiableMap(operations),
            Collections.unmodifiableSet(unserved));
    return applyPatches(model);
  }

  /**
   * Corrections to published models made on their JSON, before shapes are linked; each says which
   * quirk it fixes.
   */
  private static void patchJson(String id, JsonNode json) {
    if (id.equals("s3")) {
      // GetObject answers 206 Partial Content for a Range, RestoreObject 202 Accepted for a new
      // restore; the model cannot express either: their outputs have no status-code member.
      // Basin adds one, StatusCode, that handlers may set.
      addStatusCodeMember(json, "GetObject");
      addStatusCodeMember(json, "RestoreObject");
      // HeadObject answers a Range like GetObject (206, Content-Range), but the model's output has
      // neither a status code nor ContentRange.
      addStatusCodeMember(json, "HeadObject");
      addMember(
          json, outputShape(json, "HeadObject"), "ContentRange", "header", "Content-Range", null);
      // The bundled JS SDK model predates CRC64NVME (December 2024): each shape with
      // ChecksumCRC32C gains ChecksumCRC64NVME in the same place, and the outputs that carry
      // x-amz-checksum-type (or the ChecksumType element) gain ChecksumType.
      addCrc64NvmeMembers(json);
      for (String operation : List.of("PutObject", "GetObject", "HeadObject")) {
        addMember(
            json,
            outputShape(json, operation),
            "ChecksumType",
            "header",
            "x-amz-checksum-type",
            "ChecksumCRC64NVME");
      }
      addMember(
          json,
          outputShape(json, "CompleteMultipartUpload"),
          "ChecksumType",
          null,
          null,
          "ChecksumCRC64NVME");
      String copyResult =
          json.path("shapes")
              .path(outputShape(json, "CopyObject"))
              .path("members")
              .path("CopyObjectResult")
              .path("shape")
              .asText();
      addMember(json, copyResult, "ChecksumType", null, null, "ChecksumCRC64NVME");
    }
  }

  private static String outputShape(JsonNode json, String operation) {
    return json.path("operations").path(operation).path("output").path("shape").asText();
  }

  /** Adds a ChecksumCRC64NVME member after every ChecksumCRC32C, of the same location. */
  private static void addCrc64NvmeMembers(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.path("shapes")
        .fields()
        .forEachRemaining(
            entry -> {
              if (entry.getValue().path("members").has("ChecksumCRC32C")) {
                names.add(entry.getKey());
              }
            });
    for (String name : names) {
      JsonNode crc32c = json.path("shapes").path(name).path("members").path("ChecksumCRC32C");
      String location = crc32c.path("location").asText(null);
      String locationName = crc32c.path("locationName").asText(null);
      addMember(
          json,
          name,
          "ChecksumCRC64NVME",
          location,
          locationName == null ? null : locationName.replace("crc32c", "crc64nvme"),
          "ChecksumCRC32C");
    }
  }

  /**
   * Adds a string member to structure {@code shape} unless it has one of that name, placed after
   * member {@code after} (which fixes the element order of XML bodies) or last.
   */
  private static void addMember(
      JsonNode json,
      String shape,
      String member,
      String location,
      String locationName,
      String after) {
    com.fasterxml.jackson.databind.node.ObjectNode shapes =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.path("shapes");
    if (!(shapes.path(shape).path("members")
            instanceof com.fasterxml.jackson.databind.node.ObjectNode members)
        || members.has(member)) {
      return;
    }
    shapes.putObject("BasinString").put("type", "string");
    com.fasterxml.jackson.databind.node.ObjectNode added = MAPPER.createObjectNode();
    added.put("shape", "BasinString");
    if (location != null) {
      added.put("location", location);
    }
    if (locationName != null) {
      added.put("locationName", locationName);
    }
    if (after == null || !members.has(after)) {
      members.set(member, added);
      return;
    }
    Map<String, JsonNode> ordered = new LinkedHashMap<>();
    members
        .fields()
        .forEachRemaining(
            entry -> {
              ordered.put(entry.getKey(), entry.getValue());
              if (entry.getKey().equals(after)) {
                ordered.put(member, added);
              }
            });
    members.removeAll();
    members.setAll(ordered);
  }

  private static void addStatusCodeMember(JsonNode json, String operation) {
    com.fasterxml.jackson.databind.node.ObjectNode shapes =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.path("shapes");
    String output = json.path("operations").path(operation).path("output").path("shape").asText();
    if (shapes.path(output).path("members")
        instanceof com.fasterxml.jackson.databind.node.ObjectNode members) {
      shapes.putObject("BasinHttpStatusCode").put("type", "integer");
      members
          .putObject("StatusCode")
          .put("shape", "BasinHttpStatusCode")
          .put("location", "statusCode");
    }
  }

  /** Corrections to published models; each entry says which quirk it fixes. */
  private static ServiceModel applyPatches(ServiceModel model) {
    if (model.id().equals("s3") && model.xmlNamespace() == null) {
      // The minified S3 model Basin bundles (see basin-models) leaves out the XML namespace
      // that every S3 response body declares.
      return new ServiceModel(
          model.id(),
          model.protocols(),
          model.apiVersion(),
          model.endpointPrefix(),
          model.signingName(),
          model.targetPrefix(),
          model.jsonVersion(),
          "http://s3.amazonaws.com/doc/2006-03-01/",
          model.serviceId(),
          model.awsQueryCompatible(),
          model.operations(),
          model.unservedOperations());
    }
    return model;
  }

  private static OperationModel operation(JsonNode json, Map<String, Shape> shapes) {
    JsonNode http = json.path("http");
    JsonNode output = json.path("output");
    List<Shape> errors = new ArrayList<>();
    json.path("errors").forEach(error -> errors.add(shapes.get(error.path("shape").asText())));
    return new OperationModel(
        json.path("name").asText(),
        http.path("method").asText("POST"),
        http.path("requestUri").asText("/"),
        http.path("responseCode").asInt(200),
        json.has("input") ? shapes.get(json.path("input").path("shape").asText()) : null,
        output.has("shape") ? shapes.get(output.path("shape").asText()) : null,
        text(output, "resultWrapper", null),
        List.copyOf(errors));
  }

  private static void link(Shape shape, JsonNode json, Map<String, Shape> shapes) {
    if (json.has("members")) {
      Map<String, Member> members = new LinkedHashMap<>();
      json.path("members")
          .fields()
          .forEachRemaining(
              entry ->
                  members.put(entry.getKey(), member(entry.getKey(), entry.getValue(), shapes)));
      Set<String> required = new LinkedHashSet<>();
      json.path("required").forEach(name -> required.add(name.asText()));
      shape.setMembers(Collections.unmodifiableMap(members), Collections.unmodifiableSet(required));
    }
    shape.setCollection(
        json.has("member") ? member("member", json.path("member"), shapes) : null,
        json.has("key") ? member("key", json.path("key"), shapes) : null,
        json.has("value") ? member("value", json.path("value"), shapes) : null,
        json.path("flattened").asBoolean(false));
    shape.setRest(
        text(json, "payload", null),
        json.path("streaming").asBoolean(false),
        json.path("eventstream").asBoolean(false),
        json.path("union").asBoolean(false));
    JsonNode error = json.path("error");
    shape.setError(
        json.path("exception").asBoolean(false),
        text(error, "code", null),
        error.path("httpStatusCode").asInt(0),
        error.path("senderFault").asBoolean(false) || "client".equals(json.path("fault").asText()));
    shape.setXml(text(json, "locationName", null), text(json.path("xmlNamespace"), "uri", null));
    List<String> enumValues = new ArrayList<>();
    json.path("enum").forEach(value -> enumValues.add(value.asText()));
    shape.setConstraints(
        TimestampFormat.fromModel(text(json, "timestampFormat", null)),
        List.copyOf(enumValues),
        json.has("min") ? json.path("min").asLong() : null,
        json.has("max") ? json.path("max").asLong() : null,
        json.path("sensitive").asBoolean(false));
  }

  private static Member member(String name, JsonNode json, Map<String, Shape> shapes) {
    Shape target = shapes.get(json.path("shape").asText());
    if (target == null) {
      throw new IllegalArgumentException("member " + name + " refers to unknown shape " + json);
    }
    return new Member(
        name,
        target,
        Location.fromModel(text(json, "location", null)),
        text(json, "locationName", null),
        text(json, "queryName", null),
        json.path("flattened").asBoolean(false),
        json.path("xmlAttribute").asBoolean(false),
        text(json.path("xmlNamespace"), "uri", null),
        TimestampFormat.fromModel(text(json, "timestampFormat", null)),
        json.path("jsonvalue").asBoolean(false),
        json.path("idempotencyToken").asBoolean(false),
        json.path("hostLabel").asBoolean(false),
        json.path("streaming").asBoolean(false));
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }
}
