package dev.basin.iam.policy;

import java.util.List;

/**
 * One parsed statement. Exactly one of {@code Action}/{@code NotAction} was given, at most one of
 * {@code Resource}/{@code NotResource} (a trust policy may have neither, which matches any
 * resource), at most one of {@code Principal}/{@code NotPrincipal}.
 *
 * @param index position in the document's {@code Statement} list, from 0
 * @param sid the {@code Sid}, or null
 * @param actions lower-cased action patterns
 * @param notAction whether {@code actions} came from {@code NotAction}
 * @param resources resource patterns; empty when the statement has no resource element
 * @param notResource whether {@code resources} came from {@code NotResource}
 * @param principal the {@code Principal}/{@code NotPrincipal} value, or null if absent
 * @param notPrincipal whether {@code principal} came from {@code NotPrincipal}
 * @param conditions the {@code Condition} block flattened to one entry per operator and key
 */
record Statement(
    int index,
    String sid,
    Effect effect,
    List<GlobPattern> actions,
    boolean notAction,
    List<PolicyString> resources,
    boolean notResource,
    PrincipalSpec principal,
    boolean notPrincipal,
    List<Condition> conditions) {

  Statement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    conditions = List.copyOf(conditions);
  }

  /** Whether the statement names this (lower-cased) action, NotAction inverted. */
  boolean appliesToAction(String lowerCaseAction) {
    boolean named = false;
    for (GlobPattern action : actions) {
      if (action.matches(lowerCaseAction)) {
        named = true;
        break;
      }
    }
    return named != notAction;
  }

  /**
   * Whether the statement covers this resource ARN, NotResource inverted. A resource pattern whose
   * variables cannot be resolved matches nothing (so a NotResource with it excludes nothing).
   */
  boolean appliesToResource(String resource, PolicyString.VariableSource variables) {
    if (resources.isEmpty()) {
      return true;
    }
    boolean named = false;
    for (PolicyString pattern : resources) {
      GlobPattern resolved = pattern.resolve(variables);
      if (resolved != null && ArnMatcher.matches(resolved, resource)) {
        named = true;
        break;
      }
    }
    return named != notResource;
  }

  /** Whether the statement's principal element covers the principal (null element: yes). */
  PrincipalSpec.Match principalMatch(RequestPrincipal principal) {
    if (principal == null || this.principal == null) {
      return PrincipalSpec.Match.DIRECT;
    }
    PrincipalSpec.Match match = this.principal.match(principal);
    if (!notPrincipal) {
      return match;
    }
    return match == PrincipalSpec.Match.NONE
        ? PrincipalSpec.Match.DIRECT
        : PrincipalSpec.Match.NONE;
  }

  boolean conditionsHold(EvaluationContext context) {
    for (Condition condition : conditions) {
      if (!condition.evaluate(context.values(condition.key()), context)) {
        return false;
      }
    }
    return true;
  }
}
