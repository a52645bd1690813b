package dev.basin.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.Authorizer;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.RequestListener;
import dev.basin.core.gateway.RequestRecord;
import dev.basin.core.model.Protocol;
import dev.basin.core.protocol.AwsException;
import dev.basin.iam.policy.AttachedPolicy;
import dev.basin.iam.policy.Decision;
import dev.basin.iam.policy.EvaluationRequest;
import dev.basin.iam.policy.MalformedPolicyException;
import dev.basin.iam.policy.PolicyDocument;
import dev.basin.iam.policy.PolicyEvaluator;
import dev.basin.iam.policy.PolicyKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorizes each request by AWS's policy evaluation: the caller's identity (and session) policies,
 * and for S3 the bucket policy, against the IAM action and resource ARN the operation needs ({@link
 * RequestActions}). A denied request answers the protocol's access-denied error before its handler
 * runs.
 *
 * <p>Cheap on every request: the caller's parsed policies are cached per access key ({@link
 * PrincipalPolicies}, dropped on IAM writes); bucket policies are cached per bucket and dropped, as
 * a {@link RequestListener}, when a request that may have changed one finishes (and before it
 * runs). The account root needs no evaluation unless a bucket policy takes part, since only its
 * denies can stop root.
 */
public final class IamAuthorizer implements Authorizer, RequestListener {
  private static final Set<String> BUCKET_POLICY_CHANGES =
      Set.of("PutBucketPolicy", "DeleteBucketPolicy", "DeleteBucket", "CreateBucket");
  private static final int MAX_CACHED_BUCKETS = 10_000;

  private final PrincipalPolicies policies;
  private final BucketPolicySource bucketPolicies;
  private final BasinClock clock;
  private final PolicyEvaluator evaluator = new PolicyEvaluator();
  private final Map<String, List<AttachedPolicy>> bucketCache = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong evictions =
      new java.util.concurrent.atomic.AtomicLong();

  public IamAuthorizer(
      PrincipalPolicies policies, BucketPolicySource bucketPolicies, BasinClock clock) {
    this.policies = policies;
    this.bucketPolicies = bucketPolicies;
    this.clock = clock;
  }

  @Override
  public void authorize(RequestContext context, ObjectNode input) {
    String service = context.service().id();
    String operation = context.operation().name();
    if (RequestActions.unchecked(service, operation)) {
      return;
    }
    if (service.equals("s3") && BUCKET_POLICY_CHANGES.contains(operation)) {
      evictBucket(input.get("Bucket"));
    }
    Caller caller = context.caller();
    List<RequestActions.Check> checks = RequestActions.of(context, input);
    PrincipalPolicies.Resolved who = null;
    Instant now = null;
    for (RequestActions.Check check : checks) {
      List<AttachedPolicy> resourcePolicies =
          check.bucket() != null ? bucketPolicy(check.bucket()) : List.of();
      if (caller.type() == CallerType.ROOT && resourcePolicies.isEmpty()) {
        continue;
      }
      if (who == null) {
        who = policies.resolve(caller, context.accessKey());
        now = clock.now();
      }
      EvaluationRequest.Builder request =
          EvaluationRequest.builder(who.principal(), check.action(), check.resource());
      who.identity().forEach(request::identityPolicy);
      who.session().forEach(request::sessionPolicy);
      resourcePolicies.forEach(request::resourcePolicy);
      baseContext(context, now, request);
      check.context().forEach(request::context);
      Decision decision = evaluator.evaluate(request.build());
      if (!decision.allowed()) {
        throw denied(context.protocol(), caller, check, decision, !who.session().isEmpty());
      }
    }
  }

  /**
   * The global condition keys of a request: {@code aws:SourceIp}, {@code aws:CurrentTime} and
   * {@code aws:EpochTime} (Basin's clock), {@code aws:SecureTransport} (Basin speaks plain HTTP)
   * and {@code aws:RequestedRegion}. The principal's keys are the evaluator's.
   */
  static void baseContext(RequestContext context, Instant now, EvaluationRequest.Builder request) {
    String remote = context.request().remoteAddress();
    if (remote != null) {
      request.context("aws:SourceIp", remote);
    }
    request.context("aws:CurrentTime", now.toString());
    request.context("aws:EpochTime", Long.toString(now.getEpochSecond()));
    request.context("aws:SecureTransport", "false");
    request.context("aws:RequestedRegion", context.region());
  }

  /** The protocol's access-denied answer, with AWS's wording. */
  static AwsException denied(
      Protocol protocol,
      Caller caller,
      RequestActions.Check check,
      Decision decision,
      boolean hasSession) {
    if (protocol == Protocol.REST_XML) {
      return new AwsException("AccessDenied", 403, "Access Denied");
    }
    String reason;
    if (decision.outcome() == Decision.Outcome.EXPLICIT_DENY) {
      reason =
          switch (decision.deciding().source()) {
            case IDENTITY -> "with an explicit deny in an identity-based policy";
            case SESSION -> "with an explicit deny in a session policy";
            case RESOURCE -> "with an explicit deny in a resource-based policy";
          };
    } else {
      reason =
          "because no "
              + (hasSession ? "session policy" : "identity-based policy")
              + " allows the "
              + check.action()
              + " action";
    }
    String message =
        "User: "
            + caller.arn()
            + " is not authorized to perform: "
            + check.action()
            + " on resource: "
            + check.resource()
            + " "
            + reason;
    return switch (protocol) {
      case JSON, RPC_V2_CBOR -> new AwsException("AccessDeniedException", 400, message);
      case REST_JSON -> new AwsException("AccessDeniedException", 403, message);
      case QUERY -> new AwsException("AccessDenied", 403, message);
      case EC2 ->
          new AwsException(
              "UnauthorizedOperation",
              403,
              "You are not authorized to perform this operation. " + message);
      case REST_XML -> new AwsException("AccessDenied", 403, "Access Denied");
    };
  }

  /**
   * The bucket's policy, parsed (empty when it has none). A stored policy the library rejects takes
   * no part: S3's own check accepted it, but nothing in it can be evaluated reliably.
   */
  private List<AttachedPolicy> bucketPolicy(String bucket) {
    List<AttachedPolicy> cached = bucketCache.get(bucket);
    if (cached != null) {
      return cached;
    }
    long before = evictions.get();
    List<AttachedPolicy> loaded =
        bucketPolicies
            .policy(bucket)
            .map(
                text -> {
                  try {
                    return List.of(
                        new AttachedPolicy(
                            "bucket-policy:" + bucket,
                            PolicyDocument.parse(text, PolicyKind.RESOURCE)));
                  } catch (MalformedPolicyException e) {
                    return List.<AttachedPolicy>of();
                  }
                })
            .orElse(List.of());
    if (bucketCache.size() >= MAX_CACHED_BUCKETS) {
      bucketCache.clear();
    }
    bucketCache.put(bucket, loaded);
    if (evictions.get() != before) {
      bucketCache.remove(bucket, loaded); // a policy changed while loading: maybe stale
    }
    return loaded;
  }

  private void evictBucket(JsonNode bucket) {
    if (bucket != null && bucket.isTextual()) {
      evictions.incrementAndGet();
      bucketCache.remove(bucket.asText());
    }
  }

  /** Drops a bucket's cached policy once a request that may have changed it has finished. */
  @Override
  public void onRequest(RequestRecord record) {
    if ("s3".equals(record.service())
        && BUCKET_POLICY_CHANGES.contains(record.operation())
        && record.input() != null) {
      evictBucket(record.input().get("Bucket"));
    }
  }
}
