package dev.basin.iam.policy;

/**
 * IAM's policy size quotas, in characters with white space not counted. Enforcing them is the IAM
 * API's job (it answers {@code LimitExceeded} or {@code MalformedPolicyDocument}); they live here
 * so that every caller uses the same numbers.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html">IAM and
 *     AWS STS quotas</a>
 */
public final class PolicyLimits {

  /** A customer managed policy document. */
  public static final int MANAGED_POLICY_CHARS = 6_144;

  /** All inline policies of one user, together. */
  public static final int USER_INLINE_CHARS = 2_048;

  /** All inline policies of one role, together. */
  public static final int ROLE_INLINE_CHARS = 10_240;

  /** All inline policies of one group, together. */
  public static final int GROUP_INLINE_CHARS = 5_120;

  /** A role trust policy (default quota; AWS can raise it to 4,096). */
  public static final int ROLE_TRUST_POLICY_CHARS = 2_048;

  /** A session policy passed to AssumeRole and friends (plain text). */
  public static final int SESSION_POLICY_CHARS = 2_048;

  /** An S3 bucket policy, in bytes. */
  public static final int S3_BUCKET_POLICY_BYTES = 20 * 1024;

  private PolicyLimits() {}

  /** The size IAM counts: characters that are not white space. */
  public static int countedLength(String document) {
    int n = 0;
    for (int i = 0; i < document.length(); i++) {
      if (!Character.isWhitespace(document.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
