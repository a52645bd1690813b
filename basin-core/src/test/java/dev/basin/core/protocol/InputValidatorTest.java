package dev.basin.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModelLoader;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ServiceModelLoader MODELS = new ServiceModelLoader();

  /** Failures come in model order, nested paths as DynamoDB spells them. */
  @Test
  void aMissingRequiredMemberIsReportedAsAwsDoes() {
    OperationModel createTable = MODELS.load("dynamodb").operation("CreateTable").orElseThrow();
    ObjectNode input = JSON.createObjectNode();
    input.putArray("AttributeDefinitions").addObject().put("AttributeName", "id");
    input.putArray("KeySchema").addObject().put("AttributeName", "id").put("KeyType", "HASH");

    assertThatThrownBy(() -> InputValidator.validate(Protocol.JSON, createTable.input(), input))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ValidationException");
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "2 validation errors detected: Value null at"
                          + " 'attributeDefinitions.1.member.attributeType' failed to satisfy"
                          + " constraint: Member must not be null; Value null at 'tableName' failed"
                          + " to satisfy constraint: Member must not be null");
            });
  }

  @Test
  void eachFamilyAnswersWithItsOwnCode() {
    OperationModel assumeRole = MODELS.load("sts").operation("AssumeRole").orElseThrow();
    ObjectNode input = JSON.createObjectNode().put("RoleSessionName", "s");
    assertThatThrownBy(() -> InputValidator.validate(Protocol.QUERY, assumeRole.input(), input))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ValidationError");
              assertThat(e.getMessage()).contains("Value null at 'roleArn'");
            });
    assertThatThrownBy(() -> InputValidator.validate(Protocol.EC2, assumeRole.input(), input))
        .isInstanceOfSatisfying(
            AwsException.class, e -> assertThat(e.code()).isEqualTo("MissingParameter"));
  }

  @Test
  void aCompleteInputPasses() {
    OperationModel assumeRole = MODELS.load("sts").operation("AssumeRole").orElseThrow();
    ObjectNode input =
        JSON.createObjectNode()
            .put("RoleArn", "arn:aws:iam::000000000000:role/r")
            .put("RoleSessionName", "session");
    assertThatNoException()
        .isThrownBy(() -> InputValidator.validate(Protocol.QUERY, assumeRole.input(), input));
  }

  /** The Coral protocols check lengths, ranges and enums, with AWS's wording and paths. */
  @Test
  void modelConstraintsAreCheckedAsAwsDoes() {
    OperationModel createTable = MODELS.load("dynamodb").operation("CreateTable").orElseThrow();
    ObjectNode input = JSON.createObjectNode().put("TableName", "table").put("BillingMode", "FREE");
    String longName = "n".repeat(256);
    input
        .putArray("AttributeDefinitions")
        .addObject()
        .put("AttributeName", "id")
        .put("AttributeType", "S");
    input.putArray("KeySchema").addObject().put("AttributeName", longName).put("KeyType", "HASH");
    assertThatThrownBy(() -> InputValidator.validate(Protocol.JSON, createTable.input(), input))
        .isInstanceOfSatisfying(
            AwsException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "2 validation errors detected: Value '"
                            + longName
                            + "' at 'keySchema.1.member.attributeName' failed to satisfy"
                            + " constraint: Member must have length less than or equal to 255;"
                            + " Value 'FREE' at"
                            + " 'billingMode' failed to satisfy constraint: Member must satisfy"
                            + " enum value set: [PROVISIONED, PAY_PER_REQUEST]"));

    OperationModel query = MODELS.load("dynamodb").operation("Query").orElseThrow();
    ObjectNode zero = JSON.createObjectNode().put("TableName", "table").put("Limit", 0);
    assertThatThrownBy(() -> InputValidator.validate(Protocol.JSON, query.input(), zero))
        .hasMessage(
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 1");
  }

  @Test
  void ec2AndS3LeaveModelConstraintsToTheService() {
    OperationModel assumeRole = MODELS.load("sts").operation("AssumeRole").orElseThrow();
    ObjectNode input =
        JSON.createObjectNode()
            .put("RoleArn", "arn:aws:iam::000000000000:role/r")
            .put("RoleSessionName", "s");
    assertThatNoException()
        .isThrownBy(() -> InputValidator.validate(Protocol.EC2, assumeRole.input(), input));
    assertThatNoException()
        .isThrownBy(() -> InputValidator.validate(Protocol.REST_XML, assumeRole.input(), input));
    assertThatThrownBy(() -> InputValidator.validate(Protocol.QUERY, assumeRole.input(), input))
        .hasMessageContaining("Member must have length greater than or equal to 2");
  }
}
