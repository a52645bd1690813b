package dev.basin.iam.policy;

/** A statement's {@code Effect}. */
public enum Effect {
  ALLOW,
  DENY
}
