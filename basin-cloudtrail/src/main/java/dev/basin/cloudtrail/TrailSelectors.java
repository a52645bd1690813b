package dev.basin.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.protocol.AwsException;

/**
 * Which events a trail delivers, by its event selectors: classic ({@code EventSelectors}) or
 * advanced ({@code AdvancedEventSelectors}), in the API's JSON form. No selectors means
 * CloudTrail's default: every management event, no data event.
 */
final class TrailSelectors {
  private TrailSelectors() {}

  static boolean selects(JsonNode selectors, CloudTrailStore.Deliverable event) {
    if (selectors == null) {
      return event.management();
    }
    if (selectors.has("AdvancedEventSelectors")) {
      for (JsonNode selector : selectors.path("AdvancedEventSelectors")) {
        if (advancedMatches(selector, event)) {
          return true;
        }
      }
      return false;
    }
    for (JsonNode selector : selectors.path("EventSelectors")) {
      if (classicMatches(selector, event)) {
        return true;
      }
    }
    return false;
  }

  private static boolean classicMatches(JsonNode selector, CloudTrailStore.Deliverable event) {
    String readWrite = selector.path("ReadWriteType").asText("All");
    if (readWrite.equals("ReadOnly") && !event.readOnly()
        || readWrite.equals("WriteOnly") && event.readOnly()) {
      return false;
    }
    if (event.management()) {
      if (!selector.path("IncludeManagementEvents").asBoolean(true)) {
        return false;
      }
      for (JsonNode excluded : selector.path("ExcludeManagementEventSources")) {
        if (excluded.asText().equals(event.eventSource())) {
          return false;
        }
      }
      return true;
    }
    for (JsonNode resource : selector.path("DataResources")) {
      String type = resource.path("Type").asText();
      if (!type.equals(resourceType(event.eventSource()))) {
        continue;
      }
      for (JsonNode value : resource.path("Values")) {
        if (arnMatches(value.asText(), event.dataArn())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A classic data-resource value: a prefix of the resource ARN; {@code arn:aws:s3} (or {@code
   * arn:aws:s3:::}) alone selects every bucket, as {@code arn:aws:dynamodb} every table.
   */
  private static boolean arnMatches(String value, String arn) {
    if (arn == null) {
      return false;
    }
    if (value.equals("arn:aws:s3") || value.equals("arn:aws:s3:::")) {
      return arn.startsWith("arn:aws:s3:::");
    }
    return arn.startsWith(value);
  }

  /** The data resource type of an event source's data events. */
  static String resourceType(String eventSource) {
    return switch (eventSource) {
      case "s3.amazonaws.com" -> "AWS::S3::Object";
      case "dynamodb.amazonaws.com" -> "AWS::DynamoDB::Table";
      case "lambda.amazonaws.com" -> "AWS::Lambda::Function";
      case "kinesis.amazonaws.com" -> "AWS::Kinesis::Stream";
      default -> "";
    };
  }

  private static boolean advancedMatches(JsonNode selector, CloudTrailStore.Deliverable event) {
    for (JsonNode field : selector.path("FieldSelectors")) {
      String value =
          switch (field.path("Field").asText()) {
            case "eventCategory" -> event.management() ? "Management" : "Data";
            case "readOnly" -> Boolean.toString(event.readOnly());
            case "eventSource" -> event.eventSource();
            case "eventName" -> event.eventName();
            case "resources.type" -> event.management() ? "" : resourceType(event.eventSource());
            case "resources.ARN" -> event.dataArn() == null ? "" : event.dataArn();
            default -> null;
          };
      if (value == null || !fieldMatches(field, value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean fieldMatches(JsonNode field, String value) {
    if (field.has("Equals") && !any(field.path("Equals"), value::equals)) {
      return false;
    }
    if (field.has("StartsWith") && !any(field.path("StartsWith"), value::startsWith)) {
      return false;
    }
    if (field.has("EndsWith") && !any(field.path("EndsWith"), value::endsWith)) {
      return false;
    }
    if (any(field.path("NotEquals"), value::equals)
        || any(field.path("NotStartsWith"), value::startsWith)
        || any(field.path("NotEndsWith"), value::endsWith)) {
      return false;
    }
    return true;
  }

  private static boolean any(JsonNode values, java.util.function.Predicate<String> test) {
    for (JsonNode v : values) {
      if (test.test(v.asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks selectors as PutEventSelectors does.
   *
   * @throws AwsException {@code InvalidEventSelectorsException}
   */
  static void validate(JsonNode input) {
    boolean classic = input.has("EventSelectors") && !input.path("EventSelectors").isNull();
    boolean advanced =
        input.has("AdvancedEventSelectors") && !input.path("AdvancedEventSelectors").isNull();
    if (classic == advanced) {
      throw invalid("Specify either EventSelectors or AdvancedEventSelectors, but not both.");
    }
    if (classic) {
      JsonNode list = input.path("EventSelectors");
      if (list.size() > 5) {
        throw invalid("You can specify up to 5 event selectors per trail.");
      }
      for (JsonNode selector : list) {
        for (JsonNode resource : selector.path("DataResources")) {
          String type = resource.path("Type").asText();
          if (!type.equals("AWS::S3::Object")
              && !type.equals("AWS::DynamoDB::Table")
              && !type.equals("AWS::Lambda::Function")) {
            throw invalid("Value " + type + " for DataResources.Type is invalid.");
          }
          for (JsonNode value : resource.path("Values")) {
            if (!value.asText().startsWith("arn:")) {
              throw invalid("Value " + value.asText() + " for DataResources.Values is invalid.");
            }
          }
        }
      }
    } else if (input.path("AdvancedEventSelectors").size() > 500) {
      throw invalid("You can specify up to 500 advanced event selectors per trail.");
    }
  }

  private static AwsException invalid(String message) {
    return new AwsException("InvalidEventSelectorsException", 400, message);
  }
}
