package dev.basin.core.auth;

/**
 * Who made a request, as STS GetCallerIdentity and CloudTrail's {@code userIdentity} describe it.
 *
 * @param type the kind of principal
 * @param accountId the 12-digit account
 * @param arn e.g. {@code arn:aws:iam::000000000000:root} or {@code
 *     arn:aws:sts::000000000000:assumed-role/Role/session}
 * @param userId e.g. the account id for root, {@code AIDA...} for a user, {@code AROA...:session}
 * @param name the user name, role name or null for root
 */
public record Caller(CallerType type, String accountId, String arn, String userId, String name) {

  public static Caller root(String accountId) {
    return new Caller(
        CallerType.ROOT, accountId, "arn:aws:iam::" + accountId + ":root", accountId, null);
  }

  public static Caller anonymous(String accountId) {
    return new Caller(CallerType.ANONYMOUS, accountId, "*", "anonymous", null);
  }
}
