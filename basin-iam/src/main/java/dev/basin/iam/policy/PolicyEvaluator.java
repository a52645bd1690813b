package dev.basin.iam.policy;

import java.util.List;
import java.util.Locale;

/**
 * AWS's policy evaluation logic for one account (and the cross-account case of a resource policy),
 * as a pure function of an {@link EvaluationRequest}.
 *
 * <ol>
 *   <li>An explicit {@code Deny} in any applicable policy (identity, session, or a resource policy
 *       statement whose principal covers the caller) decides: denied.
 *   <li>The account root acting in its own account is allowed (IAM policies cannot be attached to
 *       root; resource-policy Denies still apply, which is how AWS lets a bucket policy lock root
 *       out).
 *   <li>In the principal's own account, access is allowed by an identity {@code Allow} (and, when
 *       the credentials carry session policies, a session {@code Allow} as well), or by a resource
 *       policy {@code Allow} that names the principal itself. A resource policy naming the role of
 *       a session is subject to the session policies; one naming only the account delegates to IAM
 *       and grants nothing by itself.
 *   <li>Across accounts both sides must allow: the identity side as above and a resource policy
 *       naming the principal or its account.
 *   <li>Otherwise: implicit deny.
 * </ol>
 *
 * <p>Not modelled: permissions boundaries, SCPs/RCPs, VPC endpoint policies, ACLs.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html">Policy
 *     evaluation logic</a>
 */
public final class PolicyEvaluator {

  /** Decides {@code request}; never throws for well-formed input. */
  public Decision evaluate(EvaluationRequest request) {
    RequestPrincipal principal = request.principal();
    EvaluationContext context = new EvaluationContext(principal, request.context());
    String action = request.action().toLowerCase(Locale.ROOT);
    String resource = request.resource();

    Decision deny = firstDeny(request, action, resource, context);
    if (deny != null) {
      return deny;
    }
    if (principal.type() == PrincipalType.ROOT && !request.crossAccount()) {
      return new Decision(Decision.Outcome.ALLOW, null);
    }

    Decision.DecidingStatement direct = null;
    Decision.DecidingStatement viaRole = null;
    Decision.DecidingStatement viaAccount = null;
    for (AttachedPolicy policy : request.resourcePolicies()) {
      for (Statement statement : policy.document().statements()) {
        if (statement.effect() != Effect.ALLOW || !applies(statement, action, resource, context)) {
          continue;
        }
        Decision.DecidingStatement ref = ref(policy, Decision.Source.RESOURCE, statement);
        switch (statement.principalMatch(principal)) {
          case DIRECT -> direct = direct == null ? ref : direct;
          case ROLE -> viaRole = viaRole == null ? ref : viaRole;
          case ACCOUNT -> viaAccount = viaAccount == null ? ref : viaAccount;
          case NONE -> {}
        }
      }
    }

    Decision.DecidingStatement identity =
        firstAllow(request.identityPolicies(), Decision.Source.IDENTITY, action, resource, context);
    boolean sessionAllows =
        request.sessionPolicies().isEmpty()
            || firstAllow(
                    request.sessionPolicies(), Decision.Source.SESSION, action, resource, context)
                != null;
    boolean hasIdentity =
        principal.type() != PrincipalType.ANONYMOUS && principal.type() != PrincipalType.SERVICE;
    Decision.DecidingStatement identitySide = hasIdentity && sessionAllows ? identity : null;

    if (!request.crossAccount()) {
      if (direct != null) {
        return allow(direct);
      }
      if (viaRole != null && sessionAllows) {
        return allow(viaRole);
      }
      return identitySide != null ? allow(identitySide) : Decision.implicitDeny();
    }
    Decision.DecidingStatement resourceSide =
        direct != null ? direct : viaRole != null ? viaRole : viaAccount;
    if (resourceSide == null) {
      return Decision.implicitDeny();
    }
    if (principal.type() == PrincipalType.ROOT
        || principal.type() == PrincipalType.ANONYMOUS
        || principal.type() == PrincipalType.SERVICE) {
      return allow(resourceSide);
    }
    return identitySide != null ? allow(resourceSide) : Decision.implicitDeny();
  }

  private static Decision firstDeny(
      EvaluationRequest request, String action, String resource, EvaluationContext context) {
    Decision.DecidingStatement deny =
        firstDeny(
            request.identityPolicies(), Decision.Source.IDENTITY, null, action, resource, context);
    if (deny == null) {
      deny =
          firstDeny(
              request.sessionPolicies(), Decision.Source.SESSION, null, action, resource, context);
    }
    if (deny == null) {
      deny =
          firstDeny(
              request.resourcePolicies(),
              Decision.Source.RESOURCE,
              request.principal(),
              action,
              resource,
              context);
    }
    return deny == null ? null : new Decision(Decision.Outcome.EXPLICIT_DENY, deny);
  }

  private static Decision.DecidingStatement firstDeny(
      List<AttachedPolicy> policies,
      Decision.Source source,
      RequestPrincipal principal,
      String action,
      String resource,
      EvaluationContext context) {
    for (AttachedPolicy policy : policies) {
      for (Statement statement : policy.document().statements()) {
        if (statement.effect() == Effect.DENY
            && (principal == null
                || statement.principalMatch(principal) != PrincipalSpec.Match.NONE)
            && applies(statement, action, resource, context)) {
          return ref(policy, source, statement);
        }
      }
    }
    return null;
  }

  private static Decision.DecidingStatement firstAllow(
      List<AttachedPolicy> policies,
      Decision.Source source,
      String action,
      String resource,
      EvaluationContext context) {
    for (AttachedPolicy policy : policies) {
      for (Statement statement : policy.document().statements()) {
        if (statement.effect() == Effect.ALLOW && applies(statement, action, resource, context)) {
          return ref(policy, source, statement);
        }
      }
    }
    return null;
  }

  private static boolean applies(
      Statement statement, String action, String resource, EvaluationContext context) {
    return statement.appliesToAction(action)
        && statement.appliesToResource(resource, context)
        && statement.conditionsHold(context);
  }

  private static Decision.DecidingStatement ref(
      AttachedPolicy policy, Decision.Source source, Statement statement) {
    return new Decision.DecidingStatement(
        policy.name(), source, statement.index(), statement.sid());
  }

  private static Decision allow(Decision.DecidingStatement statement) {
    return new Decision(Decision.Outcome.ALLOW, statement);
  }
}
