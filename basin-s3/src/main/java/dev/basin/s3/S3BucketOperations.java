package dev.basin.s3;

import static dev.basin.s3.S3Support.JSON;
import static dev.basin.s3.S3Support.store;
import static dev.basin.s3.S3Support.storeRun;
import static dev.basin.s3.S3Support.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.protocol.Timestamps;
import dev.basin.s3.lifecycle.LifecycleCodec;
import dev.basin.s3.lifecycle.LifecycleEvaluator.TransitionMinimumSize;
import dev.basin.s3.notification.NotificationCodec;
import dev.basin.s3.store.Bucket;
import dev.basin.s3.store.S3Store;
import dev.basin.s3.store.S3StoreException;
import dev.basin.s3.store.VersioningState;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Bucket operations: create, head, delete, list, location, versioning, and the configuration
 * documents Basin keeps (lifecycle, notification, policy, ACL, CORS, tagging). Configuration
 * documents are stored as the value form of their Put operation's payload, as JSON.
 */
final class S3BucketOperations {
  static final String LIFECYCLE = "lifecycle";
  static final String NOTIFICATION = "notification";
  private static final String POLICY = "policy";
  private static final String ACL = "acl";
  private static final String CORS = "cors";
  private static final String TAGGING = "tagging";

  private final S3Store store;
  private final LifecycleCodec lifecycle = new LifecycleCodec(() -> UUID.randomUUID().toString());
  private final NotificationCodec notifications =
      new NotificationCodec(() -> UUID.randomUUID().toString());

  S3BucketOperations(S3Store store) {
    this.store = store;
  }

  void register(Map<String, OperationHandler> operations) {
    operations.put("CreateBucket", this::createBucket);
    operations.put("HeadBucket", this::headBucket);
    operations.put("DeleteBucket", this::deleteBucket);
    operations.put("ListBuckets", this::listBuckets);
    operations.put("GetBucketLocation", this::getBucketLocation);
    operations.put("PutBucketVersioning", this::putBucketVersioning);
    operations.put("GetBucketVersioning", this::getBucketVersioning);
    operations.put("PutBucketLifecycleConfiguration", this::putBucketLifecycle);
    operations.put("GetBucketLifecycleConfiguration", this::getBucketLifecycle);
    operations.put("DeleteBucketLifecycle", this::deleteBucketLifecycle);
    operations.put("PutBucketNotificationConfiguration", this::putBucketNotification);
    operations.put("GetBucketNotificationConfiguration", this::getBucketNotification);
    operations.put("PutBucketPolicy", this::putBucketPolicy);
    operations.put("GetBucketPolicy", this::getBucketPolicy);
    operations.put("DeleteBucketPolicy", this::deleteBucketPolicy);
    operations.put("PutBucketAcl", this::putBucketAcl);
    operations.put("GetBucketAcl", this::getBucketAcl);
    operations.put("PutBucketCors", this::putBucketCors);
    operations.put("GetBucketCors", this::getBucketCors);
    operations.put("DeleteBucketCors", this::deleteBucketCors);
    operations.put("PutBucketTagging", this::putBucketTagging);
    operations.put("GetBucketTagging", this::getBucketTagging);
    operations.put("DeleteBucketTagging", this::deleteBucketTagging);
  }

  /**
   * See https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html. Outside us-east-1
   * the LocationConstraint must name the region the request is signed for; us-east-1 itself is
   * never a valid constraint.
   */
  JsonNode createBucket(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    BucketNames.validate(name);
    if (input.path("ObjectLockEnabledForBucket").asBoolean(false)) {
      throw S3Errors.notImplemented("x-amz-bucket-object-lock-enabled");
    }
    String constraint = text(input.path("CreateBucketConfiguration"), "LocationConstraint");
    String region = context.region();
    if (constraint == null || constraint.isEmpty()) {
      if (!region.equals("us-east-1")) {
        throw S3Errors.illegalLocationConstraint("unspecified");
      }
      constraint = "us-east-1";
    } else if (constraint.equals("us-east-1")) {
      throw S3Errors.invalidLocationConstraint(constraint);
    } else if (!constraint.equals(region)) {
      throw S3Errors.illegalLocationConstraint(constraint);
    }
    String location = constraint;
    String canned = text(input, "ACL");
    try {
      store.createBucket(name, location, context.accountId());
    } catch (S3StoreException e) {
      // AWS's legacy rule: re-creating a bucket you own in us-east-1 succeeds and resets its ACL.
      boolean legacy =
          e.reason() == S3StoreException.Reason.BUCKET_ALREADY_OWNED_BY_YOU
              && location.equals("us-east-1")
              && bucket(name).region().equals("us-east-1");
      if (!legacy) {
        throw S3Support.toAwsError(e, name, null, null);
      }
      if (canned == null) {
        store.deleteConfig(name, ACL);
      }
    }
    if (canned != null) {
      store.putConfig(name, ACL, canned);
    }
    ObjectNode output = JSON.objectNode();
    output.put("Location", "/" + name);
    return output;
  }

  JsonNode headBucket(RequestContext context, ObjectNode input) {
    Bucket bucket = bucket(text(input, "Bucket"));
    ObjectNode output = JSON.objectNode();
    output.put("BucketRegion", bucket.region());
    output.put("AccessPointAlias", false);
    return output;
  }

  JsonNode deleteBucket(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    storeRun(name, () -> store.deleteBucket(name));
    return null;
  }

  JsonNode listBuckets(RequestContext context, ObjectNode input) {
    String prefix = text(input, "Prefix");
    String regionFilter = text(input, "BucketRegion");
    ArrayNode buckets = JSON.arrayNode();
    for (Bucket bucket : store.listBuckets()) {
      if (bucket.owner().equals(context.accountId())
          && (prefix == null || bucket.name().startsWith(prefix))
          && (regionFilter == null || regionFilter.equals(bucket.region()))) {
        buckets
            .addObject()
            .put("Name", bucket.name())
            .put("BucketRegion", bucket.region())
            .set("CreationDate", Timestamps.node(bucket.created()));
      }
    }
    ObjectNode output = JSON.objectNode();
    output.set("Buckets", buckets);
    output.set("Owner", S3Support.owner(context.accountId()));
    if (prefix != null) {
      output.put("Prefix", prefix);
    }
    return output;
  }

  /** us-east-1 buckets have an empty LocationConstraint, as at AWS. */
  JsonNode getBucketLocation(RequestContext context, ObjectNode input) {
    Bucket bucket = bucket(text(input, "Bucket"));
    ObjectNode output = JSON.objectNode();
    output.put("LocationConstraint", bucket.region().equals("us-east-1") ? "" : bucket.region());
    return output;
  }

  JsonNode putBucketVersioning(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    JsonNode configuration = input.path("VersioningConfiguration");
    String status = text(configuration, "Status");
    String mfaDelete = text(configuration, "MFADelete");
    if ("Enabled".equals(mfaDelete)) {
      throw S3Errors.invalidRequest("MFA delete is not supported by Basin");
    }
    if (status == null) {
      throw S3Errors.illegalVersioningConfiguration();
    }
    // a Status outside the schema's enumeration fails schema validation, as at AWS
    VersioningState state =
        switch (status) {
          case "Enabled" -> VersioningState.ENABLED;
          case "Suspended" -> VersioningState.SUSPENDED;
          default -> throw S3Errors.malformedXml();
        };
    store(name, null, null, () -> store.setVersioning(name, state));
    return null;
  }

  JsonNode getBucketVersioning(RequestContext context, ObjectNode input) {
    Bucket bucket = bucket(text(input, "Bucket"));
    ObjectNode output = JSON.objectNode();
    switch (bucket.versioning()) {
      case ENABLED -> output.put("Status", "Enabled");
      case SUSPENDED -> output.put("Status", "Suspended");
      case UNVERSIONED -> {}
    }
    return output;
  }

  /**
   * Validated as AWS validates, then kept in its canonical value form together with the bucket's
   * {@code TransitionDefaultMinimumObjectSize} (see {@link S3LifecycleDocument}).
   */
  JsonNode putBucketLifecycle(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    bucket(name);
    JsonNode configuration = input.get("LifecycleConfiguration");
    if (configuration == null || configuration.isNull()) {
      throw S3Errors.malformedXml();
    }
    TransitionMinimumSize minimumSize =
        S3LifecycleDocument.minimumSize(text(input, S3LifecycleDocument.MINIMUM_SIZE_MEMBER));
    ObjectNode stored =
        S3LifecycleDocument.toStored(
            LifecycleCodec.toValue(lifecycle.parse(configuration)), minimumSize);
    storeRun(name, () -> store.putConfig(name, LIFECYCLE, S3Support.toJson(stored)));
    ObjectNode output = JSON.objectNode();
    output.put(S3LifecycleDocument.MINIMUM_SIZE_MEMBER, minimumSize.wireValue());
    return output;
  }

  JsonNode getBucketLifecycle(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    return config(name, LIFECYCLE)
        .map(S3Support::fromJson)
        .map(S3LifecycleDocument::toOutput)
        .orElseThrow(() -> S3Errors.noSuchLifecycleConfiguration(name));
  }

  JsonNode deleteBucketLifecycle(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    store(name, null, null, () -> store.deleteConfig(name, LIFECYCLE));
    return null;
  }

  JsonNode putBucketNotification(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    bucket(name);
    JsonNode configuration = input.path("NotificationConfiguration");
    ObjectNode canonical = NotificationCodec.toValue(notifications.parse(configuration));
    storeRun(name, () -> store.putConfig(name, NOTIFICATION, S3Support.toJson(canonical)));
    return null;
  }

  JsonNode getBucketNotification(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    return config(name, NOTIFICATION).map(S3Support::fromJson).orElseGet(JSON::objectNode);
  }

  /** The policy is kept as sent; IAM's policy evaluation (its own issue) enforces it. */
  JsonNode putBucketPolicy(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    bucket(name);
    String policy = text(input, "Policy");
    JsonNode parsed;
    try {
      parsed = policy == null ? null : S3Support.MAPPER.readTree(policy);
    } catch (java.io.IOException e) {
      throw S3Errors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
    }
    if (parsed == null || !parsed.isObject() || !parsed.has("Statement")) {
      throw S3Errors.malformedPolicy("Missing required field Statement");
    }
    storeRun(name, () -> store.putConfig(name, POLICY, policy));
    return null;
  }

  JsonNode getBucketPolicy(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    String policy = config(name, POLICY).orElseThrow(() -> S3Errors.noSuchBucketPolicy(name));
    ObjectNode output = JSON.objectNode();
    output.put("Policy", policy);
    return output;
  }

  JsonNode deleteBucketPolicy(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    store(name, null, null, () -> store.deleteConfig(name, POLICY));
    return null;
  }

  /**
   * Keeps a canned ACL ({@code x-amz-acl}) or the access control policy document; Basin reports
   * them back but does not enforce ACLs (AWS disables them by default since 2023 too).
   */
  JsonNode putBucketAcl(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    bucket(name);
    String canned = text(input, "ACL");
    JsonNode policy = input.get("AccessControlPolicy");
    if (canned == null && (policy == null || policy.isNull())) {
      throw S3Errors.malformedXml();
    }
    String document = canned != null ? canned : S3Support.toJson(policy);
    storeRun(name, () -> store.putConfig(name, ACL, document));
    return null;
  }

  JsonNode getBucketAcl(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    Bucket bucket = bucket(name);
    return S3Acls.describe(bucket.owner(), config(name, ACL).orElse("private"));
  }

  JsonNode putBucketCors(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    bucket(name);
    JsonNode configuration = input.path("CORSConfiguration");
    JsonNode rules = configuration.path("CORSRules");
    if (!rules.isArray() || rules.isEmpty() || rules.size() > 100) {
      throw S3Errors.malformedXml();
    }
    for (JsonNode rule : rules) {
      if (!rule.path("AllowedMethods").isArray() || !rule.path("AllowedOrigins").isArray()) {
        throw S3Errors.malformedXml();
      }
      for (JsonNode method : rule.path("AllowedMethods")) {
        if (!java.util.Set.of("GET", "PUT", "POST", "DELETE", "HEAD").contains(method.asText())) {
          throw S3Errors.invalidRequest(
              "Found unsupported HTTP method in CORS config. Unsupported method is "
                  + method.asText());
        }
      }
    }
    storeRun(name, () -> store.putConfig(name, CORS, S3Support.toJson(configuration)));
    return null;
  }

  JsonNode getBucketCors(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    return config(name, CORS)
        .map(S3Support::fromJson)
        .orElseThrow(() -> S3Errors.noSuchCorsConfiguration(name));
  }

  JsonNode deleteBucketCors(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    store(name, null, null, () -> store.deleteConfig(name, CORS));
    return null;
  }

  JsonNode putBucketTagging(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    bucket(name);
    Map<String, String> tags = S3Tags.fromTagSet(input.path("Tagging").path("TagSet"), 50);
    ObjectNode document = JSON.objectNode();
    document.set("TagSet", S3Tags.toTagSet(tags));
    storeRun(name, () -> store.putConfig(name, TAGGING, S3Support.toJson(document)));
    return null;
  }

  JsonNode getBucketTagging(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    return config(name, TAGGING)
        .map(S3Support::fromJson)
        .orElseThrow(() -> S3Errors.noSuchTagSet(name));
  }

  JsonNode deleteBucketTagging(RequestContext context, ObjectNode input) {
    String name = text(input, "Bucket");
    store(name, null, null, () -> store.deleteConfig(name, TAGGING));
    return null;
  }

  private Bucket bucket(String name) {
    return store.bucket(name).orElseThrow(() -> S3Errors.noSuchBucket(name));
  }

  private Optional<String> config(String bucket, String kind) {
    return store(bucket, null, null, () -> store.getConfig(bucket, kind));
  }
}
