package dev.basin.iam.policy;

import java.util.Set;

/**
 * The parsed value of a {@code Principal} or {@code NotPrincipal} element. {@code "*"} and {@code
 * {"AWS": "*"}} both mean everyone, anonymous callers included. Bare account ids are stored in the
 * form AWS normalizes them to, {@code arn:aws:iam::<account>:root}.
 *
 * @param everyone {@code "*"} or {@code {"AWS": "*"}}
 * @param aws account root ARNs, user, role and assumed-role session ARNs
 * @param services service principals such as {@code lambda.amazonaws.com}
 * @param federated identity providers (SAML provider ARNs, {@code cognito-identity.amazonaws.com})
 * @param canonicalUsers S3 canonical user ids
 */
public record PrincipalSpec(
    boolean everyone,
    Set<String> aws,
    Set<String> services,
    Set<String> federated,
    Set<String> canonicalUsers) {

  public PrincipalSpec {
    aws = Set.copyOf(aws);
    services = Set.copyOf(services);
    federated = Set.copyOf(federated);
    canonicalUsers = Set.copyOf(canonicalUsers);
  }

  /** How a request's principal is named by this element. */
  enum Match {
    /** Not named. */
    NONE,
    /** Only through its account ({@code arn:aws:iam::<account>:root}): a delegation. */
    ACCOUNT,
    /** Through the role an assumed-role session belongs to. */
    ROLE,
    /** By its own ARN, by service or provider name, or by {@code *}. */
    DIRECT
  }

  Match match(RequestPrincipal principal) {
    if (everyone) {
      return Match.DIRECT;
    }
    return switch (principal.type()) {
      case ANONYMOUS -> Match.NONE;
      case SERVICE -> services.contains(principal.arn()) ? Match.DIRECT : Match.NONE;
      case FEDERATED_USER, ROOT, IAM_USER, ASSUMED_ROLE -> {
        if (aws.contains(principal.arn())
            || (principal.type() == PrincipalType.FEDERATED_USER
                && principal.issuerArn() != null
                && federated.contains(principal.issuerArn()))) {
          yield Match.DIRECT;
        }
        if (principal.issuerArn() != null && aws.contains(principal.issuerArn())) {
          yield Match.ROLE;
        }
        if (aws.contains(principal.accountRootArn())) {
          yield principal.type() == PrincipalType.ROOT ? Match.DIRECT : Match.ACCOUNT;
        }
        yield Match.NONE;
      }
    };
  }
}
