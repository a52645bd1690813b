package dev.basin.iam.policy;

/**
 * A policy document that AWS would reject. The message is AWS's own text (for IAM the message of
 * {@code MalformedPolicyDocument}, e.g. "Syntax errors in policy."), so the API layer passes it on
 * unchanged.
 */
public final class MalformedPolicyException extends Exception {

  private static final long serialVersionUID = 1L;

  public MalformedPolicyException(String message) {
    super(message, null, false, false);
  }
}
