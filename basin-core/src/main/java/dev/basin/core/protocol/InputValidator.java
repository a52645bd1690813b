package dev.basin.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.model.Member;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded input against its shape's required members, recursively, and reports the
 * failures the way AWS's validation layer does: {@code 1 validation error detected: Value null at
 * 'tableName' failed to satisfy constraint: Member must not be null}.
 */
public final class InputValidator {
  private InputValidator() {}

  /**
   * @throws AwsException the protocol's validation error when a required member is missing
   */
  public static void validate(Protocol protocol, Shape shape, JsonNode input) {
    if (shape == null) {
      return;
    }
    List<String> failures = new ArrayList<>();
    check(shape, input, "", failures);
    if (!failures.isEmpty()) {
      StringBuilder message =
          new StringBuilder()
              .append(failures.size())
              .append(failures.size() == 1 ? " validation error" : " validation errors")
              .append(" detected: ");
      message.append(String.join("; ", failures));
      throw ProtocolErrors.validation(protocol, message.toString());
    }
  }

  private static void check(Shape shape, JsonNode value, String path, List<String> failures) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    switch (shape.type()) {
      case STRUCTURE -> {
        for (Map.Entry<String, Member> entry : shape.members().entrySet()) {
          String memberPath =
              path.isEmpty() ? lowerFirst(entry.getKey()) : path + "." + lowerFirst(entry.getKey());
          JsonNode memberValue = value.get(entry.getKey());
          if (shape.required().contains(entry.getKey())
              && (memberValue == null || memberValue.isNull())) {
            failures.add(
                "Value null at '"
                    + memberPath
                    + "' failed to satisfy constraint: Member must not be null");
          } else {
            check(entry.getValue().target(), memberValue, memberPath, failures);
          }
        }
      }
      case LIST -> {
        int index = 1;
        for (JsonNode element : value) {
          check(shape.listMember().target(), element, path + "." + index++ + ".member", failures);
        }
      }
      case MAP ->
          value
              .fields()
              .forEachRemaining(
                  entry ->
                      check(
                          shape.mapValue().target(),
                          entry.getValue(),
                          path + "." + entry.getKey() + ".member",
                          failures));
      default -> {}
    }
  }

  private static String lowerFirst(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
