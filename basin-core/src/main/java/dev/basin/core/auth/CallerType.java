package dev.basin.core.auth;

/** The kinds of principal a request can come from. */
public enum CallerType {
  ROOT,
  IAM_USER,
  ASSUMED_ROLE,
  FEDERATED_USER,
  ANONYMOUS
}
