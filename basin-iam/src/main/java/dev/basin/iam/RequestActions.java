package dev.basin.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.protocol.UrlEncoding;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The IAM actions and resource ARNs one request needs permission for. The generic rule is {@code
 * <signing name>:<OperationName>} on {@code *}; the tables here are the exceptions AWS documents in
 * its service authorization reference for the services Basin serves (S3's action names differ from
 * its operation names; DynamoDB, IAM and S3 name resources).
 */
final class RequestActions {
  private RequestActions() {}

  /**
   * One permission a request needs.
   *
   * @param bucket the S3 bucket whose policy takes part, or null
   * @param context extra context keys ({@code s3:prefix}, ...), or empty
   */
  record Check(String action, String resource, String bucket, Map<String, String> context) {}

  /** Operations that need no permission at all (STS's identity calls, as at AWS). */
  static boolean unchecked(String service, String operation) {
    return service.equals("sts")
        && (operation.equals("GetCallerIdentity")
            || operation.equals("GetSessionToken")
            // Decided by StsService itself: the role's trust policy is the resource policy.
            || operation.equals("AssumeRole"));
  }

  static List<Check> of(RequestContext context, ObjectNode input) {
    String service = context.service().id();
    String operation = context.operation().name();
    return switch (service) {
      case "s3" -> s3(operation, input);
      case "dynamodb" -> dynamoDb(context, operation, input);
      case "iam" -> List.of(iam(context, operation, input));
      default -> {
        String prefix = context.service().signingName();
        yield List.of(
            new Check((prefix != null ? prefix : service) + ":" + operation, "*", null, Map.of()));
      }
    };
  }

  // --- S3

  private static final Map<String, String> S3_BUCKET_ACTIONS =
      Map.ofEntries(
          Map.entry("ListObjects", "s3:ListBucket"),
          Map.entry("ListObjectsV2", "s3:ListBucket"),
          Map.entry("HeadBucket", "s3:ListBucket"),
          Map.entry("ListObjectVersions", "s3:ListBucketVersions"),
          Map.entry("ListMultipartUploads", "s3:ListBucketMultipartUploads"),
          Map.entry("CreateBucket", "s3:CreateBucket"),
          Map.entry("DeleteBucket", "s3:DeleteBucket"),
          Map.entry("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
          Map.entry("GetBucketLifecycle", "s3:GetLifecycleConfiguration"),
          Map.entry("PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"),
          Map.entry("PutBucketLifecycle", "s3:PutLifecycleConfiguration"),
          Map.entry("DeleteBucketLifecycle", "s3:PutLifecycleConfiguration"),
          Map.entry("GetBucketPolicy", "s3:GetBucketPolicy"),
          Map.entry("PutBucketPolicy", "s3:PutBucketPolicy"),
          Map.entry("DeleteBucketPolicy", "s3:DeleteBucketPolicy"),
          Map.entry("GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"),
          Map.entry("GetBucketCors", "s3:GetBucketCORS"),
          Map.entry("PutBucketCors", "s3:PutBucketCORS"),
          Map.entry("DeleteBucketCors", "s3:PutBucketCORS"),
          Map.entry("GetBucketTagging", "s3:GetBucketTagging"),
          Map.entry("PutBucketTagging", "s3:PutBucketTagging"),
          Map.entry("DeleteBucketTagging", "s3:PutBucketTagging"),
          Map.entry("GetBucketNotificationConfiguration", "s3:GetBucketNotification"),
          Map.entry("GetBucketNotification", "s3:GetBucketNotification"),
          Map.entry("PutBucketNotificationConfiguration", "s3:PutBucketNotification"),
          Map.entry("PutBucketNotification", "s3:PutBucketNotification"),
          Map.entry("GetBucketEncryption", "s3:GetEncryptionConfiguration"),
          Map.entry("PutBucketEncryption", "s3:PutEncryptionConfiguration"),
          Map.entry("DeleteBucketEncryption", "s3:PutEncryptionConfiguration"),
          Map.entry("GetBucketVersioning", "s3:GetBucketVersioning"),
          Map.entry("PutBucketVersioning", "s3:PutBucketVersioning"),
          Map.entry("GetBucketLocation", "s3:GetBucketLocation"),
          Map.entry("GetBucketAcl", "s3:GetBucketAcl"),
          Map.entry("PutBucketAcl", "s3:PutBucketAcl"));

  /** Object operations: the action without and with a version id. */
  private static final Map<String, String[]> S3_OBJECT_ACTIONS =
      Map.ofEntries(
          Map.entry("GetObject", new String[] {"s3:GetObject", "s3:GetObjectVersion"}),
          Map.entry("HeadObject", new String[] {"s3:GetObject", "s3:GetObjectVersion"}),
          Map.entry(
              "GetObjectAttributes",
              new String[] {"s3:GetObjectAttributes", "s3:GetObjectVersionAttributes"}),
          Map.entry("PutObject", new String[] {"s3:PutObject", "s3:PutObject"}),
          Map.entry("CopyObject", new String[] {"s3:PutObject", "s3:PutObject"}),
          Map.entry("CreateMultipartUpload", new String[] {"s3:PutObject", "s3:PutObject"}),
          Map.entry("UploadPart", new String[] {"s3:PutObject", "s3:PutObject"}),
          Map.entry("UploadPartCopy", new String[] {"s3:PutObject", "s3:PutObject"}),
          Map.entry("CompleteMultipartUpload", new String[] {"s3:PutObject", "s3:PutObject"}),
          Map.entry(
              "AbortMultipartUpload",
              new String[] {"s3:AbortMultipartUpload", "s3:AbortMultipartUpload"}),
          Map.entry(
              "ListParts",
              new String[] {"s3:ListMultipartUploadParts", "s3:ListMultipartUploadParts"}),
          Map.entry("DeleteObject", new String[] {"s3:DeleteObject", "s3:DeleteObjectVersion"}),
          Map.entry(
              "GetObjectTagging",
              new String[] {"s3:GetObjectTagging", "s3:GetObjectVersionTagging"}),
          Map.entry(
              "PutObjectTagging",
              new String[] {"s3:PutObjectTagging", "s3:PutObjectVersionTagging"}),
          Map.entry(
              "DeleteObjectTagging",
              new String[] {"s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"}),
          Map.entry("GetObjectAcl", new String[] {"s3:GetObjectAcl", "s3:GetObjectVersionAcl"}),
          Map.entry("PutObjectAcl", new String[] {"s3:PutObjectAcl", "s3:PutObjectVersionAcl"}),
          Map.entry("RestoreObject", new String[] {"s3:RestoreObject", "s3:RestoreObject"}));

  private static List<Check> s3(String operation, ObjectNode input) {
    if (operation.equals("ListBuckets")) {
      return List.of(new Check("s3:ListAllMyBuckets", "*", null, Map.of()));
    }
    String bucket = IamInputs.text(input, "Bucket");
    if (bucket == null) {
      return List.of(new Check("s3:" + operation, "*", null, Map.of()));
    }
    String bucketArn = "arn:aws:s3:::" + bucket;
    String bucketAction = S3_BUCKET_ACTIONS.get(operation);
    if (bucketAction != null) {
      Map<String, String> context =
          bucketAction.equals("s3:ListBucket") || bucketAction.equals("s3:ListBucketVersions")
              ? listContext(input)
              : Map.of();
      return List.of(new Check(bucketAction, bucketArn, bucket, context));
    }
    if (operation.equals("DeleteObjects")) {
      List<Check> checks = new ArrayList<>();
      for (JsonNode object : input.path("Delete").path("Objects")) {
        boolean versioned = object.hasNonNull("VersionId");
        checks.add(
            new Check(
                versioned ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
                bucketArn + "/" + object.path("Key").asText(),
                bucket,
                Map.of()));
      }
      return checks.isEmpty()
          ? List.of(new Check("s3:DeleteObject", bucketArn + "/*", bucket, Map.of()))
          : checks;
    }
    String key = IamInputs.text(input, "Key");
    String[] actions = S3_OBJECT_ACTIONS.get(operation);
    if (key == null) {
      return List.of(new Check("s3:" + operation, bucketArn, bucket, Map.of()));
    }
    String objectArn = bucketArn + "/" + key;
    if (actions == null) {
      return List.of(new Check("s3:" + operation, objectArn, bucket, Map.of()));
    }
    String action = input.hasNonNull("VersionId") ? actions[1] : actions[0];
    Check check = new Check(action, objectArn, bucket, Map.of());
    String copySource = IamInputs.text(input, "CopySource");
    if (copySource == null
        || !(operation.equals("CopyObject") || operation.equals("UploadPartCopy"))) {
      return List.of(check);
    }
    Check source = copySource(copySource);
    return source == null ? List.of(check) : List.of(check, source);
  }

  /** {@code s3:GetObject} (or its version form) on a copy's source, or null when unparseable. */
  private static Check copySource(String header) {
    String value = header.startsWith("/") ? header.substring(1) : header;
    String versionId = null;
    int question = value.indexOf('?');
    if (question >= 0) {
      versionId = value.substring(question + 1).startsWith("versionId=") ? "" : null;
      value = value.substring(0, question);
    }
    int slash = value.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    String bucket = UrlEncoding.decode(value.substring(0, slash), false);
    String key = UrlEncoding.decode(value.substring(slash + 1), false);
    return new Check(
        versionId != null ? "s3:GetObjectVersion" : "s3:GetObject",
        "arn:aws:s3:::" + bucket + "/" + key,
        bucket,
        Map.of());
  }

  private static Map<String, String> listContext(ObjectNode input) {
    String prefix = IamInputs.text(input, "Prefix");
    String delimiter = IamInputs.text(input, "Delimiter");
    JsonNode maxKeys = input.get("MaxKeys");
    if (prefix == null && delimiter == null && maxKeys == null) {
      return Map.of();
    }
    Map<String, String> context = new java.util.HashMap<>(4);
    if (prefix != null) {
      context.put("s3:prefix", prefix);
    }
    if (delimiter != null) {
      context.put("s3:delimiter", delimiter);
    }
    if (maxKeys != null && !maxKeys.isNull()) {
      context.put("s3:max-keys", maxKeys.asText());
    }
    return context;
  }

  // --- DynamoDB

  private static List<Check> dynamoDb(RequestContext context, String operation, ObjectNode input) {
    String action = "dynamodb:" + operation;
    String tables = "arn:aws:dynamodb:" + context.region() + ":" + context.accountId() + ":table/";
    String table = IamInputs.text(input, "TableName");
    if (table != null) {
      String index = IamInputs.text(input, "IndexName");
      String resource = tables + table + (index != null ? "/index/" + index : "");
      return List.of(new Check(action, resource, null, Map.of()));
    }
    String resourceArn = IamInputs.text(input, "ResourceArn");
    if (resourceArn != null) {
      return List.of(new Check(action, resourceArn, null, Map.of()));
    }
    List<Check> checks = new ArrayList<>();
    switch (operation) {
      case "BatchGetItem", "BatchWriteItem" -> {
        Iterator<String> names = input.path("RequestItems").fieldNames();
        while (names.hasNext()) {
          checks.add(new Check(action, tables + names.next(), null, Map.of()));
        }
      }
      case "TransactGetItems", "TransactWriteItems" -> {
        for (JsonNode item : input.path("TransactItems")) {
          Iterator<Map.Entry<String, JsonNode>> parts = item.fields();
          while (parts.hasNext()) {
            Map.Entry<String, JsonNode> part = parts.next();
            String name = part.getValue().path("TableName").asText(null);
            if (name != null) {
              checks.add(
                  new Check(
                      transactAction(operation, part.getKey()), tables + name, null, Map.of()));
            }
          }
        }
      }
      case "ExecuteStatement" -> checks.add(partiQl(input.path("Statement").asText(""), tables));
      case "BatchExecuteStatement" -> {
        for (JsonNode statement : input.path("Statements")) {
          checks.add(partiQl(statement.path("Statement").asText(""), tables));
        }
      }
      case "ExecuteTransaction" -> {
        for (JsonNode statement : input.path("TransactStatements")) {
          checks.add(partiQl(statement.path("Statement").asText(""), tables));
        }
      }
      default -> {}
    }
    return checks.isEmpty() ? List.of(new Check(action, "*", null, Map.of())) : checks;
  }

  /** A transaction's parts need the item actions ({@code dynamodb:PutItem}, ...), as at AWS. */
  private static String transactAction(String operation, String part) {
    return switch (part) {
      case "Get" -> "dynamodb:GetItem";
      case "Put" -> "dynamodb:PutItem";
      case "Update" -> "dynamodb:UpdateItem";
      case "Delete" -> "dynamodb:DeleteItem";
      case "ConditionCheck" -> "dynamodb:ConditionCheckItem";
      default -> "dynamodb:" + operation;
    };
  }

  /**
   * A PartiQL statement's action ({@code dynamodb:PartiQLSelect}, ...Insert, ...Update, ...Delete)
   * and table, read from its first words; unrecognised statements check the operation on {@code *}.
   */
  private static Check partiQl(String statement, String tables) {
    String[] words = statement.trim().split("\\s+", 6);
    String verb = words.length > 0 ? words[0].toUpperCase(Locale.ROOT) : "";
    String keyword =
        switch (verb) {
          case "SELECT", "DELETE" -> "FROM";
          case "INSERT" -> "INTO";
          case "UPDATE" -> "UPDATE";
          default -> null;
        };
    String table = null;
    for (int i = 0; keyword != null && i < words.length - 1; i++) {
      if (words[i].equalsIgnoreCase(keyword)) {
        table = words[i + 1];
        break;
      }
    }
    if (keyword == null) {
      return new Check("dynamodb:ExecuteStatement", "*", null, Map.of());
    }
    String action =
        "dynamodb:PartiQL" + verb.charAt(0) + verb.substring(1).toLowerCase(Locale.ROOT);
    if (table == null) {
      return new Check(action, "*", null, Map.of());
    }
    table = table.replace("\"", "");
    int dot = table.indexOf('.');
    String resource =
        dot > 0 ? table.substring(0, dot) + "/index/" + table.substring(dot + 1) : table;
    return new Check(action, tables + resource, null, Map.of());
  }

  // --- IAM

  private static Check iam(RequestContext context, String operation, ObjectNode input) {
    String account = context.accountId();
    String action = "iam:" + operation;
    String arn;
    if (IamInputs.text(input, "InstanceProfileName") != null) {
      arn = "instance-profile/" + IamInputs.text(input, "InstanceProfileName");
    } else if (IamInputs.text(input, "UserName") != null) {
      arn = "user/" + IamInputs.text(input, "UserName");
    } else if (IamInputs.text(input, "GroupName") != null) {
      arn = "group/" + IamInputs.text(input, "GroupName");
    } else if (IamInputs.text(input, "RoleName") != null) {
      arn = "role/" + IamInputs.text(input, "RoleName");
    } else if (IamInputs.text(input, "PolicyArn") != null) {
      return new Check(action, IamInputs.text(input, "PolicyArn"), null, Map.of());
    } else if (IamInputs.text(input, "PolicyName") != null) {
      String path = IamInputs.text(input, "Path");
      arn = "policy" + (path != null ? path : "/") + IamInputs.text(input, "PolicyName");
    } else {
      Caller caller = context.caller();
      boolean self =
          caller.type() == CallerType.IAM_USER
              && (operation.endsWith("AccessKey")
                  || operation.endsWith("AccessKeys")
                  || operation.equals("GetUser")
                  || operation.equals("ListUserTags"));
      return new Check(action, self ? caller.arn() : "*", null, Map.of());
    }
    return new Check(action, "arn:aws:iam::" + account + ":" + arn, null, Map.of());
  }
}
