package dev.basin.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.gateway.RequestRecord;
import dev.basin.core.model.Location;
import dev.basin.core.model.Member;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.Shape;
import dev.basin.core.protocol.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a finished request into a CloudTrail record, as AWS writes them (record format version
 * 1.09). Pure: no I/O, no clock. It runs on the request's thread, so it writes the record straight
 * into its JSON text with a streaming generator (no redacted copy of the input or output tree) and
 * shares nothing between threads but immutable data.
 *
 * <p>What AWS documents and this follows: {@code requestParameters} is the input with member names
 * in lower camel case (S3's {@code Bucket} is {@code bucketName}), values of shapes the model marks
 * {@code sensitive} replaced by {@code HIDDEN_DUE_TO_SECURITY_REASONS}, and payloads (blobs,
 * streaming bodies) left out; {@code responseElements} is null for read-only calls and otherwise
 * the output treated the same way. Secret access keys and session tokens are left out by member
 * name too, whatever the model says, since not every model marks them sensitive.
 */
final class CloudTrailRecordBuilder {
  static final String EVENT_VERSION = "1.09";
  static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

  /** CloudTrail's largest event; larger records lose their parameters and response. */
  static final int MAX_RECORD_CHARS = 256 * 1024;

  /** Generators write trees ({@code writeTree}) through this mapper. */
  private static final JsonFactory GENERATORS = new ObjectMapper().getFactory();

  private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ISO_INSTANT;

  /** Members never recorded, by name: credentials that some models do not mark sensitive. */
  private static final Set<String> SECRET_MEMBERS =
      Set.of("SecretAccessKey", "SessionToken", "SecretKey", "Password", "NewPassword");

  private static final List<String> READ_ONLY_PREFIXES =
      List.of(
          "Get",
          "List",
          "Describe",
          "Head",
          "Lookup",
          "Query",
          "Scan",
          "BatchGet",
          "TransactGet",
          "Select",
          "Search");

  private static final Set<String> S3_MULTIPART_DATA_OPERATIONS =
      Set.of(
          "CreateMultipartUpload",
          "UploadPart",
          "UploadPartCopy",
          "CompleteMultipartUpload",
          "AbortMultipartUpload",
          "ListParts",
          "ListMultipartUploads",
          "WriteGetObjectResponse");

  private static final Map<String, Set<String>> DATA_OPERATIONS =
      Map.of(
          "dynamodb",
          Set.of(
              "GetItem",
              "PutItem",
              "UpdateItem",
              "DeleteItem",
              "BatchGetItem",
              "BatchWriteItem",
              "Query",
              "Scan",
              "TransactGetItems",
              "TransactWriteItems",
              "ExecuteStatement",
              "BatchExecuteStatement",
              "ExecuteTransaction"),
          "streams.dynamodb",
          Set.of("GetRecords", "GetShardIterator", "DescribeStream", "ListStreams"),
          "lambda",
          Set.of("Invoke", "InvokeAsync", "InvokeWithResponseStream"),
          "kinesis",
          Set.of("PutRecord", "PutRecords", "GetRecords", "GetShardIterator", "SubscribeToShard"));

  /** Input members that name the resource a call acts on, per service model id. */
  private static final Map<String, Map<String, String>> RESOURCE_MEMBERS =
      Map.of(
          "s3", Map.of("Bucket", "AWS::S3::Bucket"),
          "dynamodb", Map.of("TableName", "AWS::DynamoDB::Table"),
          "iam",
              Map.of(
                  "UserName", "AWS::IAM::User",
                  "RoleName", "AWS::IAM::Role",
                  "GroupName", "AWS::IAM::Group",
                  "PolicyArn", "AWS::IAM::Policy",
                  "AccessKeyId", "AWS::IAM::AccessKey",
                  "InstanceProfileName", "AWS::IAM::InstanceProfile"),
          "sts", Map.of("RoleArn", "AWS::IAM::Role"),
          "lambda", Map.of("FunctionName", "AWS::Lambda::Function"),
          "cloudtrail",
              Map.of("Name", "AWS::CloudTrail::Trail", "TrailName", "AWS::CloudTrail::Trail"),
          "kinesis", Map.of("StreamName", "AWS::Kinesis::Stream"),
          "logs", Map.of("logGroupName", "AWS::Logs::LogGroup"),
          "glue", Map.of("DatabaseName", "AWS::Glue::Database"),
          "monitoring", Map.of("AlarmName", "AWS::CloudWatch::Alarm"));

  private CloudTrailRecordBuilder() {}

  /** Whether a request is recorded: AWS records identified callers' calls to known operations. */
  static boolean recordable(RequestRecord request) {
    Caller caller = request.caller();
    return caller != null
        && caller.type() != CallerType.ANONYMOUS
        && request.serviceModel() != null
        && request.operationModel() != null;
  }

  /** The record of {@code request}; call only for {@link #recordable} ones. */
  static CloudTrailEvent build(RequestRecord request) {
    ServiceModel service = request.serviceModel();
    OperationModel operation = request.operationModel();
    Caller caller = request.caller();
    String modelId = service.id();
    String name = operation.name();
    String account = caller.accountId();
    boolean readOnly = readOnly(name);
    boolean data = dataEvent(modelId, name);
    String eventId = EventIds.next(request.time());
    String source = eventSource(service);
    JsonNode input = request.input();
    boolean s3 = modelId.equals("s3");
    Shape inputShape = operation.input();
    boolean parameters = present(inputShape, input);
    Shape outputShape = operation.output();
    JsonNode output = readOnly || request.errorCode() != null ? null : request.output();
    boolean response = present(outputShape, output);

    RecordText text = RecordText.get();
    String json;
    try {
      writeRecord(
          text, request, eventId, source, readOnly, data, parameters, response, false, account, s3);
      json = text.toString();
      if (json.length() > MAX_RECORD_CHARS) {
        writeRecord(
            text, request, eventId, source, readOnly, data, false, false, true, account, s3);
        json = text.toString();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CloudTrailEvent(
        eventId,
        request.time(),
        account,
        request.region(),
        name,
        source,
        username(caller),
        request.accessKeyId(),
        readOnly,
        !data,
        resources(modelId, input),
        data ? dataResourceArn(modelId, input, request.region(), account) : null,
        json);
  }

  /**
   * Writes the record into {@code text} (cleared first), with the redacted input and output when
   * {@code parameters} and {@code response}, and AWS's note for a record that was too large when
   * {@code omitted}.
   */
  private static void writeRecord(
      RecordText text,
      RequestRecord request,
      String eventId,
      String source,
      boolean readOnly,
      boolean data,
      boolean parameters,
      boolean response,
      boolean omitted,
      String account,
      boolean s3)
      throws IOException {
    text.clear();
    OperationModel operation = request.operationModel();
    String modelId = request.serviceModel().id();
    JsonNode input = request.input();
    try (JsonGenerator g = GENERATORS.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("eventVersion", EVENT_VERSION);
      g.writeFieldName("userIdentity");
      writeUserIdentity(g, request.caller(), request.accessKeyId());
      g.writeStringField("eventTime", eventTime(request.time()));
      g.writeStringField("eventSource", source);
      g.writeStringField("eventName", operation.name());
      g.writeStringField("awsRegion", request.region());
      g.writeStringField("sourceIPAddress", request.remoteAddress());
      g.writeStringField("userAgent", request.userAgent());
      if (request.errorCode() != null) {
        g.writeStringField("errorCode", request.errorCode());
        g.writeStringField("errorMessage", request.errorMessage());
      }
      g.writeFieldName("requestParameters");
      if (parameters) {
        writeRedacted(g, operation.input(), input, s3);
      } else {
        g.writeNull();
      }
      g.writeFieldName("responseElements");
      if (response) {
        writeRedacted(g, operation.output(), request.output(), s3);
      } else {
        g.writeNull();
      }
      g.writeStringField("requestID", request.requestId());
      g.writeStringField("eventID", eventId);
      g.writeBooleanField("readOnly", readOnly);
      writeRecordResources(g, modelId, input, account, request.region(), data);
      g.writeStringField("eventType", "AwsApiCall");
      g.writeBooleanField("managementEvent", !data);
      g.writeStringField("recipientAccountId", account);
      g.writeStringField("eventCategory", data ? "Data" : "Management");
      if (omitted) {
        g.writeObjectFieldStart("additionalEventData");
        g.writeStringField("parametersOmitted", "event too large");
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  /** AWS's {@code readOnly}: calls that only read (Get, List, Describe, Head, Query, Scan...). */
  static boolean readOnly(String operation) {
    for (String prefix : READ_ONLY_PREFIXES) {
      if (operation.startsWith(prefix)
          && (operation.length() == prefix.length()
              || Character.isUpperCase(operation.charAt(prefix.length())))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a call is a data event: S3 object-level calls (objects, their ACLs, tags, attributes,
   * restores and multipart uploads, object listings), DynamoDB item calls, Lambda invocations,
   * Kinesis and DynamoDB Streams records. Everything else is a management event.
   */
  static boolean dataEvent(String modelId, String operation) {
    if (modelId.equals("s3")) {
      if (operation.endsWith("ObjectLockConfiguration")) {
        return false; // bucket configuration
      }
      return operation.contains("Object") || S3_MULTIPART_DATA_OPERATIONS.contains(operation);
    }
    Set<String> data = DATA_OPERATIONS.get(modelId);
    return data != null && data.contains(operation);
  }

  /** {@code <endpointPrefix>.amazonaws.com}; DynamoDB Streams reports DynamoDB's. */
  static String eventSource(ServiceModel service) {
    String prefix = service.endpointPrefix();
    if (prefix == null || prefix.isEmpty()) {
      prefix = service.id();
    }
    if (prefix.equals("streams.dynamodb")) {
      prefix = "dynamodb";
    }
    return prefix + ".amazonaws.com";
  }

  /** {@code eventTime}: ISO 8601 in whole seconds, UTC. */
  static String eventTime(Instant time) {
    long second = time.getEpochSecond();
    SecondText last = lastSecond;
    if (last.second() == second) {
      return last.text();
    }
    String text = ISO_SECONDS.format(Instant.ofEpochSecond(second));
    lastSecond = new SecondText(second, text);
    return text;
  }

  /** The last second formatted: nearly every record of a busy second shares it. */
  private record SecondText(long second, String text) {}

  private static volatile SecondText lastSecond = new SecondText(Long.MIN_VALUE, "");

  /** LookupEvents' {@code Username}: {@code root}, the user's name, or the role session's. */
  static String username(Caller caller) {
    return switch (caller.type()) {
      case ROOT -> "root";
      case ASSUMED_ROLE -> {
        int slash = caller.arn().lastIndexOf('/');
        yield slash >= 0 ? caller.arn().substring(slash + 1) : caller.name();
      }
      case IAM_USER, FEDERATED_USER, ANONYMOUS -> caller.name();
    };
  }

  private static void writeUserIdentity(JsonGenerator g, Caller caller, String accessKeyId)
      throws IOException {
    g.writeStartObject();
    g.writeStringField(
        "type",
        switch (caller.type()) {
          case ROOT -> "Root";
          case IAM_USER -> "IAMUser";
          case ASSUMED_ROLE -> "AssumedRole";
          case FEDERATED_USER -> "FederatedUser";
          case ANONYMOUS -> "AWSAccount";
        });
    g.writeStringField("principalId", caller.userId());
    g.writeStringField("arn", caller.arn());
    g.writeStringField("accountId", caller.accountId());
    if (accessKeyId != null) {
      g.writeStringField("accessKeyId", accessKeyId);
    }
    if (caller.type() == CallerType.IAM_USER) {
      g.writeStringField("userName", caller.name());
    }
    if (caller.type() == CallerType.ASSUMED_ROLE) {
      g.writeObjectFieldStart("sessionContext");
      g.writeObjectFieldStart("sessionIssuer");
      g.writeStringField("type", "Role");
      String userId = caller.userId();
      int colon = userId == null ? -1 : userId.indexOf(':');
      g.writeStringField("principalId", colon >= 0 ? userId.substring(0, colon) : userId);
      String roleName = roleName(caller);
      g.writeStringField("arn", "arn:aws:iam::" + caller.accountId() + ":role/" + roleName);
      g.writeStringField("accountId", caller.accountId());
      g.writeStringField("userName", roleName);
      g.writeEndObject();
      g.writeObjectFieldStart("attributes");
      g.writeStringField("mfaAuthenticated", "false");
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** The role of an assumed-role ARN {@code arn:aws:sts::<account>:assumed-role/<role>/<s>}. */
  private static String roleName(Caller caller) {
    String arn = caller.arn();
    int start = arn.indexOf("assumed-role/");
    int end = arn.lastIndexOf('/');
    if (start >= 0 && end > start + 13) {
      return arn.substring(start + 13, end);
    }
    return caller.name();
  }

  /**
   * Whether CloudTrail records anything of the top-level value {@code value} of {@code shape}: a
   * structure, list or map with at least one member that {@link #writes} (AWS writes null rather
   * than an empty object).
   */
  static boolean present(Shape shape, JsonNode value) {
    if (shape == null || shape.sensitive() || !writes(shape, value)) {
      return false;
    }
    return switch (shape.type()) {
      case STRUCTURE -> {
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          Member member = recordedMember(shape, field.getKey());
          if (member != null && writes(member.target(), field.getValue())) {
            yield true;
          }
        }
        yield false;
      }
      case LIST -> {
        for (JsonNode element : value) {
          if (writes(shape.listMember().target(), element)) {
            yield true;
          }
        }
        yield false;
      }
      case MAP -> {
        for (JsonNode element : value) {
          if (writes(shape.mapValue().target(), element)) {
            yield true;
          }
        }
        yield false;
      }
      default -> false;
    };
  }

  /** Whether {@link #writeRedacted} writes anything for {@code value} of {@code shape}. */
  private static boolean writes(Shape shape, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode() || value instanceof POJONode) {
      return false;
    }
    if (shape == null) {
      return value.isValueNode() && !value.isBinary();
    }
    if (shape.sensitive()) {
      return true;
    }
    return switch (shape.type()) {
      case STRUCTURE -> value.isObject();
      case LIST, MAP -> true;
      case BLOB -> false;
      case TIMESTAMP -> value.isValueNode() || timestamp(value) != null;
      default -> value.isValueNode();
    };
  }

  /** The member {@code name} of a structure if CloudTrail records it, else null. */
  private static Member recordedMember(Shape shape, String name) {
    Member member = shape.member(name);
    if (member == null
        || member.streaming()
        || member.location() == Location.STATUS_CODE
        || SECRET_MEMBERS.contains(name)) {
      return null;
    }
    return member;
  }

  /**
   * Writes the value form {@code value} of {@code shape} as CloudTrail records it: sensitive shapes
   * hidden, payloads, secrets and status codes left out, timestamps in ISO 8601 seconds. Call only
   * where {@link #writes} holds.
   */
  static void writeRedacted(JsonGenerator g, Shape shape, JsonNode value, boolean s3)
      throws IOException {
    if (shape == null) {
      g.writeTree(value);
      return;
    }
    if (shape.sensitive()) {
      g.writeString(HIDDEN);
      return;
    }
    switch (shape.type()) {
      case STRUCTURE -> {
        g.writeStartObject();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          Member member = recordedMember(shape, field.getKey());
          if (member != null && writes(member.target(), field.getValue())) {
            g.writeFieldName(key(field.getKey(), s3));
            writeRedacted(g, member.target(), field.getValue(), s3);
          }
        }
        g.writeEndObject();
      }
      case LIST -> {
        g.writeStartArray();
        Shape element = shape.listMember().target();
        for (JsonNode e : value) {
          if (writes(element, e)) {
            writeRedacted(g, element, e, s3);
          }
        }
        g.writeEndArray();
      }
      case MAP -> {
        g.writeStartObject();
        Shape target = shape.mapValue().target();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (writes(target, field.getValue())) {
            g.writeFieldName(field.getKey());
            writeRedacted(g, target, field.getValue(), s3);
          }
        }
        g.writeEndObject();
      }
      case TIMESTAMP -> {
        Instant time = timestamp(value);
        if (time != null) {
          g.writeString(eventTime(time));
        } else {
          g.writeTree(value);
        }
      }
      default -> g.writeTree(value);
    }
  }

  private static Instant timestamp(JsonNode value) {
    try {
      return Timestamps.instant(value);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * AWS's keys: member names in lower camel case; S3 calls its {@code Bucket} {@code bucketName}.
   */
  static String key(String memberName, boolean s3) {
    if (s3 && memberName.equals("Bucket")) {
      return "bucketName";
    }
    if (memberName.isEmpty() || Character.isLowerCase(memberName.charAt(0))) {
      return memberName;
    }
    // Leading acronyms lower-case as a whole (SSECustomerKey -> sSECustomerKey would be odd):
    // AWS writes them inconsistently; the first letter is what it does most often.
    return Character.toLowerCase(memberName.charAt(0)) + memberName.substring(1);
  }

  private static List<CloudTrailEvent.Resource> resources(String modelId, JsonNode input) {
    Map<String, String> members = RESOURCE_MEMBERS.get(modelId);
    if (members == null || input == null || !input.isObject()) {
      return List.of();
    }
    List<CloudTrailEvent.Resource> out = new ArrayList<>(1);
    Iterator<Map.Entry<String, JsonNode>> fields = input.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String type = members.get(field.getKey());
      if (type != null && field.getValue().isTextual()) {
        out.add(new CloudTrailEvent.Resource(type, field.getValue().asText()));
      }
    }
    return out;
  }

  /** The record's {@code resources} (ARNs), which AWS writes for S3 and DynamoDB calls. */
  private static void writeRecordResources(
      JsonGenerator g, String modelId, JsonNode input, String account, String region, boolean data)
      throws IOException {
    if (input == null) {
      return;
    }
    if (modelId.equals("s3") && input.path("Bucket").isTextual()) {
      String bucket = input.path("Bucket").asText();
      g.writeArrayFieldStart("resources");
      if (data && input.path("Key").isTextual()) {
        g.writeStartObject();
        g.writeStringField("type", "AWS::S3::Object");
        g.writeStringField("ARN", "arn:aws:s3:::" + bucket + "/" + input.path("Key").asText());
        g.writeEndObject();
      }
      g.writeStartObject();
      g.writeStringField("accountId", account);
      g.writeStringField("type", "AWS::S3::Bucket");
      g.writeStringField("ARN", "arn:aws:s3:::" + bucket);
      g.writeEndObject();
      g.writeEndArray();
    } else if (modelId.equals("dynamodb") && input.path("TableName").isTextual()) {
      g.writeArrayFieldStart("resources");
      g.writeStartObject();
      g.writeStringField("accountId", account);
      g.writeStringField("type", "AWS::DynamoDB::Table");
      g.writeStringField(
          "ARN",
          "arn:aws:dynamodb:"
              + region
              + ":"
              + account
              + ":table/"
              + input.path("TableName").asText());
      g.writeEndObject();
      g.writeEndArray();
    }
  }

  /** The ARN data-event selectors match against, by prefix. */
  private static String dataResourceArn(
      String modelId, JsonNode input, String region, String account) {
    JsonNode in = input == null ? MissingNode.getInstance() : input;
    return switch (modelId) {
      case "s3" ->
          "arn:aws:s3:::"
              + in.path("Bucket").asText("")
              + "/"
              + (in.path("Key").isTextual() ? in.path("Key").asText() : "");
      case "dynamodb" ->
          "arn:aws:dynamodb:"
              + region
              + ":"
              + account
              + ":table/"
              + in.path("TableName").asText("");
      case "lambda" -> {
        String function = in.path("FunctionName").asText("");
        yield function.startsWith("arn:")
            ? function
            : "arn:aws:lambda:" + region + ":" + account + ":function:" + function;
      }
      default -> "arn:aws:" + modelId + ":" + region + ":" + account + ":";
    };
  }

  /**
   * A per-thread buffer the record is written into: one record at a time per thread, so the chars
   * are copied once, into the record's string, and the buffer's capacity is reused.
   */
  private static final class RecordText extends Writer {
    private static final ThreadLocal<RecordText> CURRENT = ThreadLocal.withInitial(RecordText::new);

    /** Beyond this the buffer is not kept for the next record. */
    private static final int KEPT_CAPACITY = 16 * 1024;

    private StringBuilder chars = new StringBuilder(1024);

    static RecordText get() {
      return CURRENT.get();
    }

    void clear() {
      if (chars.capacity() > KEPT_CAPACITY) {
        chars = new StringBuilder(1024);
      } else {
        chars.setLength(0);
      }
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
      chars.append(buffer, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
      chars.append(text, offset, offset + length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return chars.toString();
    }
  }
}
