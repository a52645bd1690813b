package dev.basin.iam;

import dev.basin.core.protocol.AwsException;

/** IAM's and STS's error answers, with AWS's codes, statuses and messages. */
final class IamErrors {
  private IamErrors() {}

  static AwsException noSuchEntity(String message) {
    return new AwsException("NoSuchEntity", 404, message);
  }

  static AwsException noSuch(String kind, String name) {
    return noSuchEntity("The " + label(kind) + " with name " + name + " cannot be found.");
  }

  static AwsException alreadyExists(String message) {
    return new AwsException("EntityAlreadyExists", 409, message);
  }

  static AwsException deleteConflict(String message) {
    return new AwsException("DeleteConflict", 409, message);
  }

  static AwsException limitExceeded(String message) {
    return new AwsException("LimitExceeded", 409, message);
  }

  static AwsException malformedPolicy(String message) {
    return new AwsException("MalformedPolicyDocument", 400, message);
  }

  static AwsException invalidInput(String message) {
    return new AwsException("InvalidInput", 400, message);
  }

  static AwsException validation(String message) {
    return new AwsException("ValidationError", 400, message);
  }

  /** AWS's wording for one failed constraint: {@code 1 validation error detected: ...}. */
  static AwsException constraint(String member, String value, String constraint) {
    return validation(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: "
            + constraint);
  }

  static AwsException accessDenied(String message) {
    return new AwsException("AccessDenied", 403, message);
  }

  static String label(String kind) {
    return switch (kind) {
      case "instance-profile" -> "Instance Profile";
      default -> kind;
    };
  }
}
