package dev.basin.iam.policy;

/**
 * The outcome of {@link PolicyEvaluator#evaluate}.
 *
 * @param outcome allowed, explicitly denied, or implicitly denied
 * @param deciding the statement that decided it: the first matching Deny, the Allow that granted
 *     access, or null (implicit deny, or the account root acting in its own account)
 */
public record Decision(Outcome outcome, DecidingStatement deciding) {

  /** The three outcomes of AWS's evaluation logic. */
  public enum Outcome {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  /** Which set of policies a deciding statement came from. */
  public enum Source {
    IDENTITY,
    SESSION,
    RESOURCE
  }

  /**
   * A statement that decided a request.
   *
   * @param policyName the {@link AttachedPolicy#name()}
   * @param source identity, session or resource policy
   * @param statementIndex position in the policy's statement list, from 0
   * @param sid the statement's {@code Sid}, or null
   */
  public record DecidingStatement(
      String policyName, Source source, int statementIndex, String sid) {}

  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }

  static Decision implicitDeny() {
    return new Decision(Outcome.IMPLICIT_DENY, null);
  }
}
