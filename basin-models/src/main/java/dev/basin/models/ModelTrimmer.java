package dev.basin.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Build-time tool: copies the official AWS service models Basin serves out of {@code
 * aws-java-sdk-models} into Basin's jar, without their documentation and examples.
 *
 * <p>Each output file keeps the model's own format (metadata, operations, shapes), so that the
 * runtime loader reads exactly what AWS publishes. For a service of which Basin implements only a
 * few operations out of hundreds (EC2), the operations outside {@link #OPERATION_ALLOW_LIST} keep
 * only their name, so that Basin can still tell "not implemented" from "no such operation", and the
 * shapes that no kept operation reaches are dropped.
 */
public final class ModelTrimmer {

  /** Basin file name → model file name in aws-java-sdk-models. */
  static final Map<String, String> SERVICES =
      Map.ofEntries(
          Map.entry("ec2", "ec2-2016-11-15"),
          Map.entry("sts", "sts-2011-06-15"),
          Map.entry("iam", "iam-2010-05-08"),
          Map.entry("dynamodb", "dynamodb-2012-08-10"),
          Map.entry("streams.dynamodb", "streams.dynamodb-2012-08-10"),
          Map.entry("lambda", "lambda-2015-03-31"),
          Map.entry("logs", "logs-2014-03-28"),
          Map.entry("monitoring", "monitoring-2010-08-01"),
          Map.entry("cloudtrail", "cloudtrail-2013-11-01"),
          Map.entry("glue", "glue-2017-03-31"),
          Map.entry("athena", "athena-2017-05-18"),
          Map.entry("redshift", "redshift-2012-12-01"),
          Map.entry("redshift-data", "redshift-data-2019-12-20"),
          Map.entry("kinesis", "kinesis-2013-12-02"),
          Map.entry("firehose", "firehose-2015-08-04"),
          Map.entry("kinesisanalytics", "kinesisanalytics-2015-08-14"),
          Map.entry("kinesisanalyticsv2", "kinesisanalyticsv2-2018-05-23"),
          Map.entry("quicksight", "quicksight-2018-04-01"));

  /** Services whose full model is large and of which Basin serves a few operations only. */
  static final Map<String, Set<String>> OPERATION_ALLOW_LIST =
      Map.of(
          "ec2",
          Set.of(
              "DescribeRegions",
              "DescribeAvailabilityZones",
              "DescribeAccountAttributes",
              "EnableRegion",
              "DisableRegion"));

  /**
   * Operations left out of a model that keeps the rest: S3 Express One Zone's directory-bucket
   * operations share S3's request URIs (ListDirectoryBuckets is {@code GET /}) but are sent to
   * zonal endpoints and signed for {@code s3express}, which Basin does not emulate.
   */
  static final Map<String, Set<String>> OPERATION_DENY_LIST =
      Map.of("s3", Set.of("ListDirectoryBuckets", "CreateSession"));

  private static final Set<String> DROPPED_KEYS =
      Set.of("documentation", "documentationUrl", "examples", "deprecatedMessage");

  private ModelTrimmer() {}

  /** Basin file name → minified model file in the npm package aws-sdk's {@code apis/}. */
  static final Map<String, String> NPM_SERVICES = Map.of("s3", "s3-2006-03-01.min.json");

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ModelTrimmer OUTPUT_DIR NPM_AWS_SDK_APIS_DIR");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    ObjectMapper mapper = new ObjectMapper();
    for (Map.Entry<String, String> service : NPM_SERVICES.entrySet()) {
      Path minified = Path.of(args[1]).resolve(service.getValue());
      ObjectNode model = MinifiedModels.normalize((ObjectNode) mapper.readTree(minified.toFile()));
      Set<String> allowed = new java.util.TreeSet<>();
      model.path("operations").fieldNames().forEachRemaining(allowed::add);
      allowed.removeAll(OPERATION_DENY_LIST.getOrDefault(service.getKey(), Set.of()));
      trim(model, allowed);
      mapper.writeValue(out.resolve(service.getKey() + ".json").toFile(), model);
    }
    for (Map.Entry<String, String> service : SERVICES.entrySet()) {
      String resource = "models/" + service.getValue() + "-model.json";
      try (InputStream in = ModelTrimmer.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("model not on the classpath: " + resource);
        }
        ObjectNode model = (ObjectNode) mapper.readTree(in);
        trim(model, OPERATION_ALLOW_LIST.get(service.getKey()));
        mapper.writeValue(out.resolve(service.getKey() + ".json").toFile(), model);
      }
    }
  }

  static void trim(ObjectNode model, Set<String> allowedOperations) {
    stripDocumentation(model);
    model.remove("examples");
    if (allowedOperations == null) {
      return;
    }
    ObjectNode operations = (ObjectNode) model.get("operations");
    ArrayNode notServed = model.putArray("unservedOperations");
    for (Iterator<Map.Entry<String, JsonNode>> it = operations.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> operation = it.next();
      if (!allowedOperations.contains(operation.getKey())) {
        notServed.add(operation.getKey());
        it.remove();
      }
    }
    ObjectNode shapes = (ObjectNode) model.get("shapes");
    Set<String> reachable = reachableShapes(operations, shapes);
    shapes.retain(reachable);
  }

  private static Set<String> reachableShapes(ObjectNode operations, ObjectNode shapes) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    for (JsonNode operation : operations) {
      for (String field : List.of("input", "output")) {
        if (operation.has(field)) {
          pending.add(operation.get(field).get("shape").asText());
        }
      }
      for (JsonNode error : operation.path("errors")) {
        pending.add(error.get("shape").asText());
      }
    }
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!seen.add(name)) {
        continue;
      }
      JsonNode shape = shapes.get(name);
      if (shape == null) {
        throw new UncheckedIOException(new IOException("model references unknown shape " + name));
      }
      shape.path("members").forEach(member -> pending.add(member.get("shape").asText()));
      for (String field : List.of("member", "key", "value")) {
        if (shape.has(field)) {
          pending.add(shape.get(field).get("shape").asText());
        }
      }
    }
    return seen;
  }

  /** Objects under these keys are maps keyed by names, whose entries must all be kept. */
  private static final Set<String> NAME_MAPS = Set.of("members", "shapes", "operations");

  private static void stripDocumentation(JsonNode node) {
    stripDocumentation(node, "");
  }

  private static void stripDocumentation(JsonNode node, String key) {
    if (node instanceof ObjectNode object) {
      if (!NAME_MAPS.contains(key)) {
        object.remove(DROPPED_KEYS);
      }
      object
          .fields()
          .forEachRemaining(field -> stripDocumentation(field.getValue(), field.getKey()));
    } else if (node instanceof ArrayNode array) {
      array.forEach(element -> stripDocumentation(element, ""));
    }
  }
}
