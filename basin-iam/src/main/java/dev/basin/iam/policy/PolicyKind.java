package dev.basin.iam.policy;

/**
 * Where a policy document is used, which decides the rules it is validated by.
 *
 * <ul>
 *   <li>{@link #IDENTITY}: attached to a user, group or role, or passed as a session policy. No
 *       {@code Principal}; IAM requires version 2012-10-17.
 *   <li>{@link #RESOURCE}: on a resource (S3 bucket policy). {@code Principal} or {@code
 *       NotPrincipal} required; version 2008-10-17 is still accepted.
 *   <li>{@link #TRUST}: a role's trust policy (AssumeRolePolicyDocument). {@code Principal}
 *       required, {@code Resource} not needed.
 * </ul>
 */
public enum PolicyKind {
  IDENTITY,
  RESOURCE,
  TRUST
}
