package dev.basin.dynamodb;

import dev.basin.core.protocol.AwsException;

/** DynamoDB's errors with its message texts. */
final class DynamoDbErrors {
  private DynamoDbErrors() {}

  static AwsException validation(String message) {
    return new AwsException("ValidationException", 400, message);
  }

  static AwsException invalidParameter(String detail) {
    return validation("One or more parameter values were invalid: " + detail);
  }

  /** What item operations answer for a missing table. */
  static AwsException resourceNotFound() {
    return new AwsException("ResourceNotFoundException", 400, "Requested resource not found");
  }

  /** What table operations answer for a missing table. */
  static AwsException tableNotFound(String name) {
    return new AwsException(
        "ResourceNotFoundException",
        400,
        "Requested resource not found: Table: " + name + " not found");
  }

  static AwsException resourceInUse(String message) {
    return new AwsException("ResourceInUseException", 400, message);
  }

  static AwsException conditionalCheckFailed() {
    return new AwsException(
        "ConditionalCheckFailedException", 400, "The conditional request failed");
  }

  static AwsException keyMismatch() {
    return validation("The provided key element does not match the schema");
  }
}
