package dev.basin.iam.policy;

import java.util.Map;

/**
 * Who is asking, as far as policy evaluation cares.
 *
 * @param type the kind of principal
 * @param arn the principal's ARN: {@code arn:aws:iam::<account>:root}, {@code ...:user/path/name},
 *     {@code arn:aws:sts::<account>:assumed-role/Role/session}; for {@link PrincipalType#SERVICE}
 *     the service name ({@code lambda.amazonaws.com}); for anonymous {@code *}
 * @param accountId the 12-digit account; null for services and anonymous callers
 * @param userName the IAM user name ({@code aws:username}); null unless an IAM user
 * @param userId the unique id ({@code aws:userid}): the account id for root, {@code AIDA...} for a
 *     user, {@code AROA...:session} for a role session
 * @param issuerArn for a role session the role's ARN ({@code arn:aws:iam::<account>:role/Role}),
 *     for a federated user the identity provider; otherwise null
 * @param tags the principal's tags ({@code aws:PrincipalTag/<key>}), for a session its tags
 */
public record RequestPrincipal(
    PrincipalType type,
    String arn,
    String accountId,
    String userName,
    String userId,
    String issuerArn,
    Map<String, String> tags) {

  public RequestPrincipal {
    tags = Map.copyOf(tags);
  }

  public static RequestPrincipal root(String accountId) {
    return new RequestPrincipal(
        PrincipalType.ROOT, rootArn(accountId), accountId, null, accountId, null, Map.of());
  }

  public static RequestPrincipal user(
      String accountId, String path, String userName, String userId, Map<String, String> tags) {
    String arn = "arn:aws:iam::" + accountId + ":user" + (path == null ? "/" : path) + userName;
    return new RequestPrincipal(
        PrincipalType.IAM_USER, arn, accountId, userName, userId, null, tags);
  }

  public static RequestPrincipal roleSession(
      String accountId,
      String roleName,
      String roleArn,
      String sessionName,
      String roleId,
      Map<String, String> tags) {
    String arn = "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    return new RequestPrincipal(
        PrincipalType.ASSUMED_ROLE,
        arn,
        accountId,
        null,
        roleId + ":" + sessionName,
        roleArn,
        tags);
  }

  public static RequestPrincipal service(String serviceName) {
    return new RequestPrincipal(
        PrincipalType.SERVICE, serviceName, null, null, null, null, Map.of());
  }

  public static RequestPrincipal anonymous() {
    return new RequestPrincipal(
        PrincipalType.ANONYMOUS, "*", null, null, "anonymous", null, Map.of());
  }

  /** {@code arn:aws:iam::<account>:root}, or null without an account. */
  String accountRootArn() {
    return accountId == null ? null : rootArn(accountId);
  }

  static String rootArn(String accountId) {
    return "arn:aws:iam::" + accountId + ":root";
  }

  /**
   * The value of {@code aws:PrincipalArn}: for a role session the role's ARN, as AWS documents,
   * otherwise the principal's own.
   */
  String principalArnKey() {
    return type == PrincipalType.ASSUMED_ROLE && issuerArn != null ? issuerArn : arn;
  }
}
