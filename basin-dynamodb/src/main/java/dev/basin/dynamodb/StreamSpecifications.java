package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.gateway.RequestContext;
import dev.basin.dynamodb.store.StreamStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * A table's {@code StreamSpecification}: CreateTable's and UpdateTable's validation (DynamoDB's
 * messages), enabling and disabling the table's stream, and what DescribeTable shows of it.
 *
 * <p>The table definition holds {@code StreamSpecification} while a stream is enabled, with the
 * stream's store id as {@code StreamId}; {@code LatestStreamArn} and {@code LatestStreamLabel} stay
 * after the stream is disabled, as in DynamoDB.
 */
final class StreamSpecifications {
  static final Set<String> VIEW_TYPES =
      Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");

  /** Stream labels: the stream's creation time in UTC to the millisecond, as DynamoDB's. */
  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private StreamSpecifications() {}

  /**
   * The view type CreateTable's {@code StreamSpecification} enables, or null when it enables none.
   */
  static String forCreate(JsonNode spec) {
    if (spec == null || spec.isNull()) {
      return null;
    }
    requireEnabledFlag(spec);
    boolean enabled = spec.get("StreamEnabled").asBoolean();
    JsonNode viewType = spec.get("StreamViewType");
    if (enabled && (viewType == null || viewType.isNull())) {
      throw DynamoDbErrors.invalidParameter(
          "Table is being created with a stream enabled, UpdateViewType is required");
    }
    if (!enabled && viewType != null && !viewType.isNull()) {
      throw DynamoDbErrors.invalidParameter(
          "Table is being created with a stream disabled, UpdateViewType should not be specified");
    }
    return enabled ? viewType(viewType) : null;
  }

  /**
   * Applies UpdateTable's {@code StreamSpecification} to the table definition {@code def}: enables
   * a stream (a new one, with a new ARN) or disables the current one.
   */
  static void update(
      Connection c,
      RequestContext context,
      String tableName,
      ObjectNode def,
      JsonNode spec,
      boolean changesIndexes,
      long nowMillis)
      throws SQLException {
    requireEnabledFlag(spec);
    boolean enable = spec.get("StreamEnabled").asBoolean();
    JsonNode viewType = spec.get("StreamViewType");
    boolean hasViewType = viewType != null && !viewType.isNull();
    if (enable && !hasViewType) {
      throw DynamoDbErrors.invalidParameter(
          "If stream is being enabled then UpdateViewType is required");
    }
    if (!enable && hasViewType) {
      throw DynamoDbErrors.invalidParameter(
          "If stream is being disabled, then UpdateViewType must not be specified");
    }
    if (changesIndexes) {
      throw DynamoDbErrors.invalidParameter(
          "You cannot create or delete index while changing stream status");
    }
    boolean current = def.has("StreamId");
    if (enable) {
      String type = viewType(viewType);
      if (current) {
        throw DynamoDbErrors.validation(
            "Table already has an enabled stream: TableName: " + tableName);
      }
      enable(c, context, tableName, def, type, nowMillis);
    } else {
      if (!current) {
        throw DynamoDbErrors.validation("Table has no stream to disable: TableName: " + tableName);
      }
      disable(c, def, nowMillis);
    }
  }

  private static void requireEnabledFlag(JsonNode spec) {
    JsonNode enabled = spec.get("StreamEnabled");
    if (enabled == null || enabled.isNull()) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed"
              + " to satisfy constraint: Member must not be null");
    }
  }

  private static String viewType(JsonNode viewType) {
    String type = viewType.asText();
    if (!VIEW_TYPES.contains(type)) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + type
              + "' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member"
              + " must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES,"
              + " KEYS_ONLY]");
    }
    return type;
  }

  /** Creates a new enabled stream for the table and records it in {@code def}. */
  static void enable(
      Connection c,
      RequestContext context,
      String tableName,
      ObjectNode def,
      String viewType,
      long nowMillis)
      throws SQLException {
    String prefix = DynamoDbTableOperations.arn(context, tableName) + "/stream/";
    long labelMillis = nowMillis;
    String label = LABEL.format(Instant.ofEpochMilli(labelMillis));
    // labels are unique per table: a stream re-enabled within the same millisecond takes the next
    while (StreamStore.exists(c, prefix + label)) {
      labelMillis++;
      label = LABEL.format(Instant.ofEpochMilli(labelMillis));
    }
    long id =
        StreamStore.create(c, prefix + label, tableName, viewType, def.get("KeySchema"), nowMillis);
    ObjectNode spec = def.putObject("StreamSpecification");
    spec.put("StreamEnabled", true);
    spec.put("StreamViewType", viewType);
    def.put("StreamId", id);
    def.put("LatestStreamArn", prefix + label);
    def.put("LatestStreamLabel", label);
  }

  /** Disables the table's current stream, if any; it stays readable for 24 hours. */
  static void disable(Connection c, ObjectNode def, long nowMillis) throws SQLException {
    JsonNode id = def.remove("StreamId");
    def.remove("StreamSpecification");
    if (id != null) {
      StreamStore.disable(c, id.asLong(), nowMillis);
    }
  }

  /** Adds the stream members of DescribeTable's {@code TableDescription}. */
  static void describe(ObjectNode description, ObjectNode def) {
    JsonNode spec = def.get("StreamSpecification");
    if (spec != null) {
      description.set("StreamSpecification", spec);
    }
    if (def.has("LatestStreamArn")) {
      description.set("LatestStreamArn", def.get("LatestStreamArn"));
      description.set("LatestStreamLabel", def.get("LatestStreamLabel"));
    }
  }
}
