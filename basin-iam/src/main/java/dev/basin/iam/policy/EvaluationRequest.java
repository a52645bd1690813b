package dev.basin.iam.policy;

import java.util.List;
import java.util.Map;

/**
 * Everything one authorization decision depends on. The evaluator reads nothing else: no clock, no
 * store, so the same request always gets the same decision.
 *
 * @param principal who asks
 * @param action {@code service:Action}, e.g. {@code s3:GetObject}
 * @param resource the resource ARN, e.g. {@code arn:aws:s3:::bucket/key}; {@code *} for actions
 *     without a resource
 * @param resourceAccount the account that owns the resource, or null when it is the principal's own
 *     (S3 ARNs carry no account, so the caller must say)
 * @param context request context keys ({@code aws:SourceIp}, {@code aws:CurrentTime}, {@code
 *     aws:SecureTransport}, {@code s3:prefix}, ...) with their values; names are case-insensitive.
 *     Keys derived from the principal are added unless given here (see {@link EvaluationContext})
 * @param identityPolicies the user's inline and attached policies and those of its groups, or the
 *     role's
 * @param sessionPolicies session policies of the credentials (AssumeRole {@code Policy}/{@code
 *     PolicyArns}); empty when none were passed. When present they only narrow: an identity Allow
 *     counts only if a session policy allows too
 * @param resourcePolicies resource-based policies of the resource (an S3 bucket policy)
 */
public record EvaluationRequest(
    RequestPrincipal principal,
    String action,
    String resource,
    String resourceAccount,
    Map<String, List<String>> context,
    List<AttachedPolicy> identityPolicies,
    List<AttachedPolicy> sessionPolicies,
    List<AttachedPolicy> resourcePolicies) {

  public EvaluationRequest {
    context = Map.copyOf(context);
    identityPolicies = List.copyOf(identityPolicies);
    sessionPolicies = List.copyOf(sessionPolicies);
    resourcePolicies = List.copyOf(resourcePolicies);
  }

  public static Builder builder(RequestPrincipal principal, String action, String resource) {
    return new Builder(principal, action, resource);
  }

  /** Whether the resource belongs to another account than the principal's. */
  boolean crossAccount() {
    return resourceAccount != null
        && principal.accountId() != null
        && !resourceAccount.equals(principal.accountId());
  }

  /** Assembles a request; the lists and the context start empty. */
  public static final class Builder {
    private final RequestPrincipal principal;
    private final String action;
    private final String resource;
    private String resourceAccount;
    private final Map<String, List<String>> context = new java.util.LinkedHashMap<>();
    private final List<AttachedPolicy> identity = new java.util.ArrayList<>();
    private final List<AttachedPolicy> session = new java.util.ArrayList<>();
    private final List<AttachedPolicy> resourcePolicies = new java.util.ArrayList<>();

    private Builder(RequestPrincipal principal, String action, String resource) {
      this.principal = principal;
      this.action = action;
      this.resource = resource;
    }

    public Builder resourceAccount(String accountId) {
      this.resourceAccount = accountId;
      return this;
    }

    public Builder context(String key, String... values) {
      context.put(key, List.of(values));
      return this;
    }

    public Builder identityPolicy(AttachedPolicy policy) {
      identity.add(policy);
      return this;
    }

    public Builder sessionPolicy(AttachedPolicy policy) {
      session.add(policy);
      return this;
    }

    public Builder resourcePolicy(AttachedPolicy policy) {
      resourcePolicies.add(policy);
      return this;
    }

    public EvaluationRequest build() {
      return new EvaluationRequest(
          principal,
          action,
          resource,
          resourceAccount,
          context,
          identity,
          session,
          resourcePolicies);
    }
  }
}
