package dev.basin.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.model.Member;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Checks a decoded input against its shape, recursively, and reports the failures the way AWS's
 * validation layer does: {@code 1 validation error detected: Value null at 'tableName' failed to
 * satisfy constraint: Member must not be null}.
 *
 * <p>Every protocol checks required members. The JSON, rest-json, CBOR and query protocols (AWS's
 * Coral front end: DynamoDB, Kinesis, Lambda, IAM, STS, ...) also check the model's constraints as
 * that layer does: string, list and map lengths ({@code Member must have length less than or equal
 * to 255}), number ranges ({@code Member must have value greater than or equal to 1}) and enum
 * values ({@code Member must satisfy enum value set: [A, B]}). S3 and EC2 do not: their servers
 * take values outside the SDK model's constraints and answer with their own errors.
 */
public final class InputValidator {
  private InputValidator() {}

  /**
   * @throws AwsException the protocol's validation error when a required member is missing
   */
  public static void validate(Protocol protocol, Shape shape, JsonNode input) {
    validate(protocol, shape, input, constrained -> true);
  }

  /**
   * As {@link #validate(Protocol, Shape, JsonNode)}, checking the model constraints of only the
   * shapes {@code checked} accepts: the others are left to a service that answers them with its own
   * errors (CloudTrail's InvalidMaxResultsException, DynamoDB's "Invalid table-class parameter").
   */
  public static void validate(
      Protocol protocol, Shape shape, JsonNode input, Predicate<Shape> checked) {
    if (shape == null) {
      return;
    }
    List<String> failures = new ArrayList<>();
    Predicate<Shape> constraints =
        protocol == Protocol.REST_XML || protocol == Protocol.EC2 ? constrained -> false : checked;
    check(shape, input, "", constraints, failures);
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

  private static void check(
      Shape shape,
      JsonNode value,
      String path,
      Predicate<Shape> constraints,
      List<String> failures) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    if (constraints.test(shape)) {
      checkConstraints(shape, value, path, failures);
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
            check(entry.getValue().target(), memberValue, memberPath, constraints, failures);
          }
        }
      }
      case LIST -> {
        int index = 1;
        for (JsonNode element : value) {
          check(
              shape.listMember().target(),
              element,
              path + "." + index++ + ".member",
              constraints,
              failures);
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
                          constraints,
                          failures));
      default -> {}
    }
  }

  private static void checkConstraints(
      Shape shape, JsonNode value, String path, List<String> failures) {
    Long min = shape.min();
    Long max = shape.max();
    switch (shape.type()) {
      case STRING -> {
        if (!value.isTextual()) {
          return;
        }
        String text = value.textValue();
        List<String> allowed = shape.enumValues();
        if (allowed != null && !allowed.isEmpty() && !allowed.contains(text)) {
          failures.add(
              failure(shape, text, path, "Member must satisfy enum value set: " + allowed));
        } else {
          checkBounds(shape, text, text.codePointCount(0, text.length()), "length", path, failures);
        }
      }
      case LIST, MAP -> {
        if (value.isContainerNode()) {
          checkBounds(shape, value.toString(), value.size(), "length", path, failures);
        }
      }
      case INTEGER, LONG -> {
        if (min == null && max == null) {
          return;
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
          number = value.longValue();
        } else if (value.isTextual()) {
          try {
            number = Long.parseLong(value.textValue().trim());
          } catch (NumberFormatException e) {
            return; // the codec reports malformed numbers
          }
        } else {
          return;
        }
        checkBounds(shape, Long.toString(number), number, "value", path, failures);
      }
      default -> {}
    }
  }

  private static void checkBounds(
      Shape shape, String shown, long size, String what, String path, List<String> failures) {
    if (shape.max() != null && size > shape.max()) {
      failures.add(
          failure(
              shape,
              shown,
              path,
              "Member must have " + what + " less than or equal to " + shape.max()));
    } else if (shape.min() != null && size < shape.min()) {
      failures.add(
          failure(
              shape,
              shown,
              path,
              "Member must have " + what + " greater than or equal to " + shape.min()));
    }
  }

  private static String failure(Shape shape, String shown, String path, String constraint) {
    return "Value '"
        + (shape.sensitive() ? "***" : shown)
        + "' at '"
        + path
        + "' failed to satisfy constraint: "
        + constraint;
  }

  private static String lowerFirst(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
