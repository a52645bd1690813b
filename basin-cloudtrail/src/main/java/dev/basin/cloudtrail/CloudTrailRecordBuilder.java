package dev.basin.cloudtrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.gateway.RequestRecord;
import dev.basin.core.model.Location;
import dev.basin.core.model.Member;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.Shape;
import dev.basin.core.protocol.Timestamps;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a finished request into a CloudTrail record, as AWS writes them (record format version
 * 1.09). Pure: no I/O, no clock; run on the recorder's background thread, never on the request's.
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
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
    String eventId = UUID.randomUUID().toString();
    String source = eventSource(service);
    JsonNode input = request.input();

    ObjectNode record = NODES.objectNode();
    record.put("eventVersion", EVENT_VERSION);
    record.set("userIdentity", userIdentity(caller, request.accessKeyId()));
    record.put("eventTime", eventTime(request.time()));
    record.put("eventSource", source);
    record.put("eventName", name);
    record.put("awsRegion", request.region());
    record.put("sourceIPAddress", request.remoteAddress());
    record.put("userAgent", request.userAgent());
    if (request.errorCode() != null) {
      record.put("errorCode", request.errorCode());
      record.put("errorMessage", request.errorMessage());
    }
    boolean s3 = modelId.equals("s3");
    JsonNode parameters = redact(operation.input(), input, s3);
    record.set("requestParameters", parameters == null || parameters.isEmpty() ? null : parameters);
    JsonNode response =
        readOnly || request.errorCode() != null
            ? null
            : redact(operation.output(), request.output(), s3);
    record.set("responseElements", response == null || response.isEmpty() ? null : response);
    record.put("requestID", request.requestId());
    record.put("eventID", eventId);
    record.put("readOnly", readOnly);
    List<CloudTrailEvent.Resource> resources = resources(modelId, input);
    String dataArn = data ? dataResourceArn(modelId, input, request.region(), account) : null;
    ArrayNode recordResources = recordResources(modelId, input, account, request.region(), data);
    if (recordResources != null) {
      record.set("resources", recordResources);
    }
    record.put("eventType", "AwsApiCall");
    record.put("managementEvent", !data);
    record.put("recipientAccountId", account);
    record.put("eventCategory", data ? "Data" : "Management");

    String json = write(record);
    if (json.length() > MAX_RECORD_CHARS) {
      record.putNull("requestParameters");
      record.putNull("responseElements");
      record.putObject("additionalEventData").put("parametersOmitted", "event too large");
      json = write(record);
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
        resources,
        dataArn,
        json);
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

  static String eventTime(Instant time) {
    return ISO_SECONDS.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

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

  private static ObjectNode userIdentity(Caller caller, String accessKeyId) {
    ObjectNode identity = NODES.objectNode();
    identity.put(
        "type",
        switch (caller.type()) {
          case ROOT -> "Root";
          case IAM_USER -> "IAMUser";
          case ASSUMED_ROLE -> "AssumedRole";
          case FEDERATED_USER -> "FederatedUser";
          case ANONYMOUS -> "AWSAccount";
        });
    identity.put("principalId", caller.userId());
    identity.put("arn", caller.arn());
    identity.put("accountId", caller.accountId());
    if (accessKeyId != null) {
      identity.put("accessKeyId", accessKeyId);
    }
    if (caller.type() == CallerType.IAM_USER) {
      identity.put("userName", caller.name());
    }
    if (caller.type() == CallerType.ASSUMED_ROLE) {
      ObjectNode context = identity.putObject("sessionContext");
      ObjectNode issuer = context.putObject("sessionIssuer");
      issuer.put("type", "Role");
      String userId = caller.userId();
      int colon = userId == null ? -1 : userId.indexOf(':');
      issuer.put("principalId", colon >= 0 ? userId.substring(0, colon) : userId);
      String roleName = roleName(caller);
      issuer.put("arn", "arn:aws:iam::" + caller.accountId() + ":role/" + roleName);
      issuer.put("accountId", caller.accountId());
      issuer.put("userName", roleName);
      context.putObject("attributes").put("mfaAuthenticated", "false");
    }
    return identity;
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
   * The value form {@code value} of {@code shape} as CloudTrail writes it, or null when nothing of
   * it is recorded.
   */
  static JsonNode redact(Shape shape, JsonNode value, boolean s3) {
    if (value == null || value.isNull() || value.isMissingNode() || value instanceof POJONode) {
      return null;
    }
    if (shape == null) {
      return value.isValueNode() && !value.isBinary() ? value : null;
    }
    if (shape.sensitive()) {
      return TextNode.valueOf(HIDDEN);
    }
    return switch (shape.type()) {
      case STRUCTURE -> {
        if (!value.isObject()) {
          yield null;
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          String memberName = field.getKey();
          Member member = shape.member(memberName);
          if (member == null
              || member.streaming()
              || member.location() == Location.STATUS_CODE
              || SECRET_MEMBERS.contains(memberName)) {
            continue;
          }
          JsonNode redacted = redact(member.target(), field.getValue(), s3);
          if (redacted != null) {
            out.set(key(memberName, s3), redacted);
          }
        }
        yield out;
      }
      case LIST -> {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode element : value) {
          JsonNode redacted = redact(shape.listMember().target(), element, s3);
          if (redacted != null) {
            out.add(redacted);
          }
        }
        yield out;
      }
      case MAP -> {
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          JsonNode redacted = redact(shape.mapValue().target(), field.getValue(), s3);
          if (redacted != null) {
            out.set(field.getKey(), redacted);
          }
        }
        yield out;
      }
      case BLOB -> null;
      case TIMESTAMP -> {
        try {
          yield TextNode.valueOf(eventTime(Timestamps.instant(value)));
        } catch (RuntimeException e) {
          yield value.isValueNode() ? value : null;
        }
      }
      default -> value.isValueNode() ? value : null;
    };
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
  private static ArrayNode recordResources(
      String modelId, JsonNode input, String account, String region, boolean data) {
    if (input == null) {
      return null;
    }
    if (modelId.equals("s3") && input.path("Bucket").isTextual()) {
      String bucket = input.path("Bucket").asText();
      ArrayNode out = NODES.arrayNode();
      if (data && input.path("Key").isTextual()) {
        ObjectNode object = out.addObject();
        object.put("type", "AWS::S3::Object");
        object.put("ARN", "arn:aws:s3:::" + bucket + "/" + input.path("Key").asText());
      }
      ObjectNode bucketNode = out.addObject();
      bucketNode.put("accountId", account);
      bucketNode.put("type", "AWS::S3::Bucket");
      bucketNode.put("ARN", "arn:aws:s3:::" + bucket);
      return out;
    }
    if (modelId.equals("dynamodb") && input.path("TableName").isTextual()) {
      ArrayNode out = NODES.arrayNode();
      ObjectNode table = out.addObject();
      table.put("accountId", account);
      table.put("type", "AWS::DynamoDB::Table");
      table.put(
          "ARN",
          "arn:aws:dynamodb:"
              + region
              + ":"
              + account
              + ":table/"
              + input.path("TableName").asText());
      return out;
    }
    return null;
  }

  /** The ARN data-event selectors match against, by prefix. */
  private static String dataResourceArn(
      String modelId, JsonNode input, String region, String account) {
    JsonNode in = input == null ? NODES.objectNode() : input;
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

  private static String write(ObjectNode record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
