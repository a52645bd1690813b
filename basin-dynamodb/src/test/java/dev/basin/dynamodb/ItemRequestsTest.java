package dev.basin.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.protocol.AwsException;
import org.junit.jupiter.api.Test;

class ItemRequestsTest {
  @Test
  void aParserRecursingPastTheStackIsAValidationError() {
    assertThatThrownBy(
            () ->
                ItemRequests.parsing(
                    "ConditionExpression",
                    () -> {
                      throw new StackOverflowError();
                    }))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ValidationException");
              assertThat(e.getMessage())
                  .isEqualTo("Invalid ConditionExpression: The expression is nested too deeply");
            });
    assertThat(ItemRequests.parsing("ConditionExpression", () -> "parsed")).isEqualTo("parsed");
  }

  @Test
  void operatorsAreComparisonsAndLogicalWordsOnly() {
    // 1 + 73 * 3 + 40 * 2 = 300 operators; names and values spelled like the words do not count.
    String allowed = "#and = :or" + " AND not size(band) < :in".repeat(73) + " or a<>b".repeat(40);
    ItemRequests.checkOperatorCount("ConditionExpression", allowed);
    assertThatThrownBy(
            () -> ItemRequests.checkOperatorCount("FilterExpression", allowed + " OR a >= b"))
        .isInstanceOfSatisfying(
            AwsException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Invalid FilterExpression: The expression contains too many operators;"
                            + " operator count: 302"));
  }
}
