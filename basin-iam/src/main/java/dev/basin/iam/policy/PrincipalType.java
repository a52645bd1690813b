package dev.basin.iam.policy;

/**
 * The kinds of principal a request can come from, with the value AWS puts in {@code
 * aws:PrincipalType}.
 */
public enum PrincipalType {
  ROOT("Account"),
  IAM_USER("User"),
  ASSUMED_ROLE("AssumedRole"),
  FEDERATED_USER("FederatedUser"),
  /** An AWS service principal such as {@code lambda.amazonaws.com} (trust policies). */
  SERVICE("Service"),
  ANONYMOUS("Anonymous");

  private final String contextValue;

  PrincipalType(String contextValue) {
    this.contextValue = contextValue;
  }

  /** The value of {@code aws:PrincipalType}. */
  public String contextValue() {
    return contextValue;
  }
}
