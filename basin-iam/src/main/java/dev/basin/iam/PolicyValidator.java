package dev.basin.iam;

import dev.basin.core.protocol.AwsException;
import dev.basin.iam.policy.MalformedPolicyException;
import dev.basin.iam.policy.PolicyDocument;
import dev.basin.iam.policy.PolicyKind;

/**
 * Checks a policy document before IAM or STS stores it, by the policy library's grammar ({@link
 * PolicyDocument#parse}), answering AWS's {@code MalformedPolicyDocument} with the library's
 * message. Size quotas are the callers' (they depend on what else the owner has).
 */
public interface PolicyValidator {

  /** What the document is for: the grammar differs (trust policies name principals). */
  enum Kind {
    /** Identity-based: managed, inline and session policies. */
    IDENTITY,
    /** A role's trust policy. */
    TRUST
  }

  /**
   * @return the parsed document
   * @throws AwsException {@code MalformedPolicyDocument} when the document is not a valid policy
   */
  PolicyDocument validate(String document, Kind kind);

  /** The policy library's full grammar. */
  PolicyValidator LIBRARY =
      (document, kind) -> {
        try {
          return PolicyDocument.parse(
              document, kind == Kind.TRUST ? PolicyKind.TRUST : PolicyKind.IDENTITY);
        } catch (MalformedPolicyException e) {
          throw IamErrors.malformedPolicy(e.getMessage());
        }
      };
}
