package dev.basin.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.Service;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Timestamps;
import dev.basin.s3.store.S3Store;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS CloudTrail's API: LookupEvents over the recorded event history (management events of the
 * caller's account and region, 90 days), and trails delivering log files to S3 ({@link
 * TrailDelivery}).
 */
public final class CloudTrailService implements Service {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** AWS allows five trails per region. */
  static final int MAX_TRAILS_PER_REGION = 5;

  private static final Map<String, String> LOOKUP_COLUMNS =
      Map.of(
          "EventId", "event_id",
          "EventName", "event_name",
          "ReadOnly", "read_only",
          "Username", "username",
          "ResourceType", "resource_type",
          "ResourceName", "resource_name",
          "EventSource", "event_source",
          "AccessKeyId", "access_key_id");

  private final CloudTrailStore store;
  private final S3Store s3;
  private final BasinClock clock;
  private final Map<String, OperationHandler> operations;

  CloudTrailService(CloudTrailStore store, S3Store s3, BasinClock clock) {
    this.store = store;
    this.s3 = s3;
    this.clock = clock;
    Map<String, OperationHandler> ops = new HashMap<>();
    ops.put("LookupEvents", this::lookupEvents);
    ops.put("CreateTrail", this::createTrail);
    ops.put("UpdateTrail", this::updateTrail);
    ops.put("GetTrail", this::getTrail);
    ops.put("DescribeTrails", this::describeTrails);
    ops.put("ListTrails", this::listTrails);
    ops.put("DeleteTrail", this::deleteTrail);
    ops.put("StartLogging", this::startLogging);
    ops.put("StopLogging", this::stopLogging);
    ops.put("GetTrailStatus", this::getTrailStatus);
    ops.put("PutEventSelectors", this::putEventSelectors);
    ops.put("GetEventSelectors", this::getEventSelectors);
    this.operations = Map.copyOf(ops);
  }

  /** CloudTrail answers out-of-range values with its own exceptions (InvalidMaxResults, ...). */
  @Override
  public boolean checksModelConstraints(dev.basin.core.model.Shape shape) {
    return false;
  }

  @Override
  public String modelId() {
    return "cloudtrail";
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return operations;
  }

  // ---------------------------------------------------------------- LookupEvents

  private JsonNode lookupEvents(RequestContext context, ObjectNode input) {
    JsonNode attributes = input.path("LookupAttributes");
    String column = null;
    Object value = null;
    if (attributes.size() > 1) {
      throw new AwsException(
          "InvalidLookupAttributesException",
          400,
          "You cannot use more than one lookup attribute.");
    }
    if (attributes.size() == 1) {
      JsonNode attribute = attributes.get(0);
      String key = attribute.path("AttributeKey").asText();
      column = LOOKUP_COLUMNS.get(key);
      if (column == null) {
        throw new AwsException(
            "InvalidLookupAttributesException", 400, "Invalid lookup attribute key: " + key);
      }
      String text = attribute.path("AttributeValue").asText();
      if (text.isEmpty() || text.length() > 2000) {
        throw new AwsException(
            "InvalidLookupAttributesException",
            400,
            "The lookup attribute value must be 1 to 2000 characters long.");
      }
      if (column.equals("read_only")) {
        if (!text.equals("true") && !text.equals("false")) {
          throw new AwsException(
              "InvalidLookupAttributesException",
              400,
              "ReadOnly lookup attribute value must be true or false.");
        }
        value = text.equals("true") ? 1 : 0;
      } else {
        value = text;
      }
    }
    if (input.path("EventCategory").asText("").equals("insight")) {
      return NODES.objectNode().set("Events", NODES.arrayNode()); // Basin raises no insights
    }
    Instant now = clock.now();
    long oldest = now.minus(CloudTrailRecorder.RETENTION).toEpochMilli();
    Instant start =
        input.hasNonNull("StartTime") ? Timestamps.instant(input.get("StartTime")) : null;
    Instant end = input.hasNonNull("EndTime") ? Timestamps.instant(input.get("EndTime")) : null;
    if (start != null && end != null && start.isAfter(end)) {
      throw new AwsException(
          "InvalidTimeRangeException", 400, "Start time must be earlier than end time.");
    }
    int maxResults = 50;
    if (input.hasNonNull("MaxResults")) {
      maxResults = input.get("MaxResults").asInt();
      if (maxResults < 1 || maxResults > 50) {
        throw new AwsException(
            "InvalidMaxResultsException", 400, "MaxResults must be between 1 and 50.");
      }
    }
    long beforeTime = -1;
    long beforeSeq = -1;
    if (input.hasNonNull("NextToken")) {
      long[] token = parseToken(input.get("NextToken").asText());
      beforeTime = token[0];
      beforeSeq = token[1];
    }
    // Event times are whole seconds: an EndTime covers the events of its own second.
    long toMs = end == null ? Long.MAX_VALUE : end.toEpochMilli() / 1000 * 1000 + 999;
    long fromMs =
        Math.max(oldest, start == null ? Long.MIN_VALUE : start.toEpochMilli() / 1000 * 1000);
    List<CloudTrailStore.StoredEvent> found =
        store.lookup(
            new CloudTrailStore.Lookup(
                context.accountId(),
                context.region(),
                column,
                value,
                fromMs,
                toMs,
                beforeTime,
                beforeSeq,
                maxResults + 1));
    ObjectNode output = NODES.objectNode();
    ArrayNode events = output.putArray("Events");
    for (int i = 0; i < Math.min(maxResults, found.size()); i++) {
      CloudTrailStore.StoredEvent e = found.get(i);
      ObjectNode event = events.addObject();
      event.put("EventId", e.eventId());
      event.put("EventName", e.eventName());
      event.put("ReadOnly", Boolean.toString(e.readOnly()));
      if (e.accessKeyId() != null) {
        event.put("AccessKeyId", e.accessKeyId());
      }
      event.set("EventTime", Timestamps.node(Instant.ofEpochSecond(e.timeMs() / 1000)));
      event.put("EventSource", e.eventSource());
      if (e.username() != null) {
        event.put("Username", e.username());
      }
      ArrayNode resources = event.putArray("Resources");
      for (CloudTrailEvent.Resource r : e.resources()) {
        resources.addObject().put("ResourceType", r.type()).put("ResourceName", r.name());
      }
      event.put("CloudTrailEvent", e.record());
    }
    if (found.size() > maxResults) {
      CloudTrailStore.StoredEvent last = found.get(maxResults - 1);
      output.put("NextToken", token(last.timeMs(), last.seq()));
    }
    return output;
  }

  private static String token(long timeMs, long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("v1:" + timeMs + ":" + seq).getBytes(StandardCharsets.UTF_8));
  }

  private static long[] parseToken(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = text.split(":", -1);
      if (parts.length == 3 && parts[0].equals("v1")) {
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
      }
    } catch (IllegalArgumentException e) {
      // falls through: NumberFormatException is one too
    }
    throw new AwsException("InvalidNextTokenException", 400, "Invalid NextToken.");
  }

  // ---------------------------------------------------------------- trails

  private JsonNode createTrail(RequestContext context, ObjectNode input) {
    String name = input.path("Name").asText();
    TrailNames.check(name);
    String bucket = input.path("S3BucketName").asText();
    checkBucket(bucket);
    String prefix = textOrNull(input, "S3KeyPrefix");
    checkPrefix(prefix);
    String account = context.accountId();
    String region = context.region();
    long inRegion =
        store.trails(account).stream().filter(t -> t.homeRegion().equals(region)).count();
    if (inRegion >= MAX_TRAILS_PER_REGION) {
      throw new AwsException(
          "MaximumNumberOfTrailsExceededException",
          400,
          "User: "
              + account
              + " already has "
              + MAX_TRAILS_PER_REGION
              + " trails in "
              + region
              + ".");
    }
    Trail trail =
        new Trail(
            name,
            account,
            region,
            bucket,
            prefix,
            input.path("IncludeGlobalServiceEvents").asBoolean(true),
            input.path("IsMultiRegionTrail").asBoolean(false),
            input.path("EnableLogFileValidation").asBoolean(false),
            textOrNull(input, "SnsTopicName"),
            textOrNull(input, "KmsKeyId"),
            null,
            false,
            null,
            null,
            0,
            null,
            null,
            null);
    if (!store.insertTrail(trail)) {
      throw new AwsException(
          "TrailAlreadyExistsException",
          400,
          "Trail " + trail.arn() + " already exists for customer: " + account);
    }
    return trailOutput(trail);
  }

  private JsonNode updateTrail(RequestContext context, ObjectNode input) {
    Trail t = find(context, input.path("Name").asText());
    String bucket =
        input.hasNonNull("S3BucketName") ? input.get("S3BucketName").asText() : t.bucket();
    if (input.hasNonNull("S3BucketName")) {
      checkBucket(bucket);
    }
    String prefix = input.has("S3KeyPrefix") ? textOrNull(input, "S3KeyPrefix") : t.keyPrefix();
    checkPrefix(prefix);
    Trail updated =
        new Trail(
            t.name(),
            t.accountId(),
            t.homeRegion(),
            bucket,
            prefix,
            input.path("IncludeGlobalServiceEvents").asBoolean(t.includeGlobalServiceEvents()),
            input.path("IsMultiRegionTrail").asBoolean(t.multiRegion()),
            input.path("EnableLogFileValidation").asBoolean(t.logFileValidation()),
            input.has("SnsTopicName") ? textOrNull(input, "SnsTopicName") : t.snsTopicName(),
            input.has("KmsKeyId") ? textOrNull(input, "KmsKeyId") : t.kmsKeyId(),
            t.selectors(),
            t.logging(),
            t.startedLogging(),
            t.stoppedLogging(),
            t.cursor(),
            t.lastDelivery(),
            t.lastDeliveryAttempt(),
            t.deliveryError());
    store.updateTrail(updated);
    return trailOutput(updated);
  }

  private JsonNode getTrail(RequestContext context, ObjectNode input) {
    ObjectNode output = NODES.objectNode();
    output.set("Trail", describe(find(context, input.path("Name").asText())));
    return output;
  }

  private JsonNode describeTrails(RequestContext context, ObjectNode input) {
    String region = context.region();
    boolean shadows = input.path("includeShadowTrails").asBoolean(true);
    List<Trail> all = store.trails(context.accountId());
    List<Trail> selected = new ArrayList<>();
    JsonNode names = input.path("trailNameList");
    for (Trail t : all) {
      boolean visible = t.homeRegion().equals(region) || (shadows && t.multiRegion());
      if (!visible) {
        continue;
      }
      if (names.isEmpty() || contains(names, t)) {
        selected.add(t);
      }
    }
    ObjectNode output = NODES.objectNode();
    ArrayNode list = output.putArray("trailList");
    selected.forEach(t -> list.add(describe(t)));
    return output;
  }

  private static boolean contains(JsonNode names, Trail t) {
    for (JsonNode n : names) {
      if (n.asText().equals(t.name()) || n.asText().equals(t.arn())) {
        return true;
      }
    }
    return false;
  }

  private JsonNode listTrails(RequestContext context, ObjectNode input) {
    ObjectNode output = NODES.objectNode();
    ArrayNode list = output.putArray("Trails");
    for (Trail t : store.trails(context.accountId())) {
      list.addObject()
          .put("TrailARN", t.arn())
          .put("Name", t.name())
          .put("HomeRegion", t.homeRegion());
    }
    return output;
  }

  private JsonNode deleteTrail(RequestContext context, ObjectNode input) {
    Trail t = find(context, input.path("Name").asText());
    store.deleteTrail(t.accountId(), t.homeRegion(), t.name());
    return NODES.objectNode();
  }

  private JsonNode startLogging(RequestContext context, ObjectNode input) {
    Trail t = find(context, input.path("Name").asText());
    if (!t.logging()) {
      // Events from now on: whatever was recorded before logging started is not delivered.
      store.updateTrail(withLogging(t, true, clock.now(), t.stoppedLogging(), store.lastSeq()));
    }
    return NODES.objectNode();
  }

  private JsonNode stopLogging(RequestContext context, ObjectNode input) {
    Trail t = find(context, input.path("Name").asText());
    if (t.logging()) {
      store.updateTrail(withLogging(t, false, t.startedLogging(), clock.now(), t.cursor()));
    }
    return NODES.objectNode();
  }

  private static Trail withLogging(
      Trail t, boolean logging, Instant started, Instant stopped, long cursor) {
    return new Trail(
        t.name(),
        t.accountId(),
        t.homeRegion(),
        t.bucket(),
        t.keyPrefix(),
        t.includeGlobalServiceEvents(),
        t.multiRegion(),
        t.logFileValidation(),
        t.snsTopicName(),
        t.kmsKeyId(),
        t.selectors(),
        logging,
        started,
        stopped,
        cursor,
        t.lastDelivery(),
        t.lastDeliveryAttempt(),
        t.deliveryError());
  }

  private JsonNode getTrailStatus(RequestContext context, ObjectNode input) {
    Trail t = find(context, input.path("Name").asText());
    ObjectNode output = NODES.objectNode();
    output.put("IsLogging", t.logging());
    if (t.deliveryError() != null) {
      output.put("LatestDeliveryError", t.deliveryError());
    }
    if (t.lastDelivery() != null) {
      output.set("LatestDeliveryTime", Timestamps.node(t.lastDelivery()));
    }
    if (t.startedLogging() != null) {
      output.set("StartLoggingTime", Timestamps.node(t.startedLogging()));
      output.put("TimeLoggingStarted", CloudTrailRecordBuilder.eventTime(t.startedLogging()));
    }
    if (t.stoppedLogging() != null) {
      output.set("StopLoggingTime", Timestamps.node(t.stoppedLogging()));
      output.put("TimeLoggingStopped", CloudTrailRecordBuilder.eventTime(t.stoppedLogging()));
    }
    if (t.lastDeliveryAttempt() != null) {
      output.put(
          "LatestDeliveryAttemptTime", CloudTrailRecordBuilder.eventTime(t.lastDeliveryAttempt()));
      output.put(
          "LatestDeliveryAttemptSucceeded",
          t.deliveryError() == null
              ? CloudTrailRecordBuilder.eventTime(t.lastDeliveryAttempt())
              : "");
    }
    return output;
  }

  private JsonNode putEventSelectors(RequestContext context, ObjectNode input) {
    Trail t = find(context, input.path("TrailName").asText());
    TrailSelectors.validate(input);
    ObjectNode selectors = NODES.objectNode();
    if (input.hasNonNull("EventSelectors")) {
      ArrayNode list = selectors.putArray("EventSelectors");
      for (JsonNode s : input.get("EventSelectors")) {
        list.add(normalized(s));
      }
    } else {
      selectors.set("AdvancedEventSelectors", input.get("AdvancedEventSelectors"));
    }
    store.updateTrail(
        new Trail(
            t.name(),
            t.accountId(),
            t.homeRegion(),
            t.bucket(),
            t.keyPrefix(),
            t.includeGlobalServiceEvents(),
            t.multiRegion(),
            t.logFileValidation(),
            t.snsTopicName(),
            t.kmsKeyId(),
            selectors,
            t.logging(),
            t.startedLogging(),
            t.stoppedLogging(),
            t.cursor(),
            t.lastDelivery(),
            t.lastDeliveryAttempt(),
            t.deliveryError()));
    ObjectNode output = selectors.deepCopy();
    output.put("TrailARN", t.arn());
    return output;
  }

  private static ObjectNode normalized(JsonNode selector) {
    ObjectNode out = NODES.objectNode();
    out.put("ReadWriteType", selector.path("ReadWriteType").asText("All"));
    out.put("IncludeManagementEvents", selector.path("IncludeManagementEvents").asBoolean(true));
    out.set(
        "DataResources",
        selector.path("DataResources").isArray()
            ? selector.get("DataResources")
            : NODES.arrayNode());
    out.set(
        "ExcludeManagementEventSources",
        selector.path("ExcludeManagementEventSources").isArray()
            ? selector.get("ExcludeManagementEventSources")
            : NODES.arrayNode());
    return out;
  }

  private JsonNode getEventSelectors(RequestContext context, ObjectNode input) {
    Trail t = find(context, input.path("TrailName").asText());
    ObjectNode output = NODES.objectNode();
    output.put("TrailARN", t.arn());
    if (t.selectors() == null) {
      output.putArray("EventSelectors").add(normalized(NODES.objectNode()));
    } else {
      output.setAll((ObjectNode) t.selectors().deepCopy());
    }
    return output;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The trail a {@code Name} or {@code TrailName} designates: a name in the caller's region, or a
   * trail ARN.
   */
  private Trail find(RequestContext context, String nameOrArn) {
    String account = context.accountId();
    String region = context.region();
    String name = nameOrArn;
    if (nameOrArn.startsWith("arn:")) {
      String[] parts = nameOrArn.split(":", 6);
      if (parts.length != 6
          || !parts[2].equals("cloudtrail")
          || !parts[5].startsWith("trail/")
          || parts[5].length() == 6) {
        throw new AwsException(
            "CloudTrailARNInvalidException", 400, "Invalid trail ARN: " + nameOrArn);
      }
      region = parts[3];
      account = parts[4];
      name = parts[5].substring(6);
    } else {
      TrailNames.check(name);
    }
    String arnRegion = region;
    String arnAccount = account;
    String trailName = name;
    return store
        .trail(account, region, name)
        .orElseThrow(
            () ->
                new AwsException(
                    "TrailNotFoundException",
                    400,
                    "Unknown trail: arn:aws:cloudtrail:"
                        + arnRegion
                        + ":"
                        + arnAccount
                        + ":trail/"
                        + trailName
                        + " for the user: "
                        + context.accountId()));
  }

  private void checkBucket(String bucket) {
    if (bucket.isEmpty() || s3.bucket(bucket).isEmpty()) {
      throw new AwsException(
          "S3BucketDoesNotExistException", 400, "S3 bucket " + bucket + " does not exist.");
    }
  }

  private static void checkPrefix(String prefix) {
    if (prefix != null && prefix.length() > 2000) {
      throw new AwsException(
          "InvalidS3PrefixException", 400, "S3 key prefix must be at most 2000 characters.");
    }
  }

  private static String textOrNull(JsonNode input, String member) {
    JsonNode value = input.get(member);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }

  private static ObjectNode trailOutput(Trail t) {
    ObjectNode out = NODES.objectNode();
    out.put("Name", t.name());
    out.put("S3BucketName", t.bucket());
    if (t.keyPrefix() != null) {
      out.put("S3KeyPrefix", t.keyPrefix());
    }
    if (t.snsTopicName() != null) {
      out.put("SnsTopicName", t.snsTopicName());
    }
    out.put("IncludeGlobalServiceEvents", t.includeGlobalServiceEvents());
    out.put("IsMultiRegionTrail", t.multiRegion());
    out.put("TrailARN", t.arn());
    out.put("LogFileValidationEnabled", t.logFileValidation());
    if (t.kmsKeyId() != null) {
      out.put("KmsKeyId", t.kmsKeyId());
    }
    out.put("IsOrganizationTrail", false);
    return out;
  }

  private static ObjectNode describe(Trail t) {
    ObjectNode out = trailOutput(t);
    out.put("HomeRegion", t.homeRegion());
    out.put("HasCustomEventSelectors", t.selectors() != null);
    out.put("HasInsightSelectors", false);
    return out;
  }
}
