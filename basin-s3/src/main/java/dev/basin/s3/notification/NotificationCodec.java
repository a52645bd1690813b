package dev.basin.s3.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.s3.S3Errors;
import dev.basin.s3.notification.NotificationConfiguration.DestinationType;
import dev.basin.s3.notification.NotificationConfiguration.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a {@code NotificationConfiguration} value (PutBucketNotificationConfiguration's input
 * member) into a {@link NotificationConfiguration}, validating it as S3 does, and writes one back
 * as GetBucketNotificationConfiguration's output.
 *
 * <p>Checked here: required members, event names, ARN syntax per destination type, filter rules
 * (only {@code prefix} and {@code suffix}, at most one of each, names case-insensitive), and that
 * no two configurations overlap (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html">Configuring
 * event notifications using object key name filtering</a>): two configurations overlap when they
 * share an event type and their prefixes and their suffixes can both match one key. Whether the
 * destinations exist and allow S3 to publish ("Unable to validate the following destination
 * configurations") is for the caller, who knows the other services.
 */
public final class NotificationCodec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_FILTER_VALUE = 1024;

  private final Supplier<String> configurationIds;

  /**
   * @param configurationIds makes the ID of a configuration that has none (S3 generates one)
   */
  public NotificationCodec(Supplier<String> configurationIds) {
    this.configurationIds = configurationIds;
  }

  /**
   * Parses and validates {@code value}; null or an empty object is the empty configuration (which
   * turns notifications off).
   *
   * @throws AwsException {@code MalformedXML} or {@code InvalidArgument}
   */
  public NotificationConfiguration parse(JsonNode value) {
    if (value == null || value.isNull()) {
      return NotificationConfiguration.EMPTY;
    }
    if (!value.isObject()) {
      throw S3Errors.malformedXml();
    }
    List<Target> targets = new ArrayList<>();
    for (DestinationType type : DestinationType.values()) {
      JsonNode list = value.get(type.listMember);
      if (list == null || list.isNull()) {
        continue;
      }
      if (!list.isArray()) {
        throw S3Errors.malformedXml();
      }
      for (JsonNode node : list) {
        targets.add(parseTarget(type, node));
      }
    }
    JsonNode eventBridge = value.get("EventBridgeConfiguration");
    boolean toEventBridge = eventBridge != null && !eventBridge.isNull();
    if (toEventBridge && !eventBridge.isObject()) {
      throw S3Errors.malformedXml();
    }
    checkOverlaps(targets);
    return new NotificationConfiguration(targets, toEventBridge);
  }

  private Target parseTarget(DestinationType type, JsonNode node) {
    if (!node.isObject()) {
      throw S3Errors.malformedXml();
    }
    String arn = text(node, type.arnMember);
    if (arn == null) {
      throw S3Errors.malformedXml();
    }
    if (!isWellFormed(type, arn)) {
      throw S3Errors.invalidArgument("The ARN is not well formed", type.arnMember, arn);
    }
    JsonNode eventList = node.get("Events");
    if (eventList == null || !eventList.isArray() || eventList.isEmpty()) {
      throw S3Errors.malformedXml();
    }
    List<String> events = new ArrayList<>();
    for (JsonNode e : eventList) {
      String event = e.asText();
      if (!EventNames.isSupported(event)) {
        throw S3Errors.invalidArgument(
            "The event is not supported for notifications", "Event", event);
      }
      if (!events.contains(event)) {
        events.add(event);
      }
    }
    String prefix = null;
    String suffix = null;
    JsonNode rules = node.path("Filter").path("Key").path("FilterRules");
    if (!rules.isMissingNode() && !rules.isNull()) {
      if (!rules.isArray()) {
        throw S3Errors.malformedXml();
      }
      for (JsonNode rule : rules) {
        String name = text(rule, "Name");
        String ruleValue = text(rule, "Value");
        if (name == null || ruleValue == null) {
          throw S3Errors.malformedXml();
        }
        if (ruleValue.length() > MAX_FILTER_VALUE) {
          throw S3Errors.invalidArgument(
              "The filter value cannot be longer than 1024 characters",
              "FilterRule.Value",
              ruleValue);
        }
        if (name.equalsIgnoreCase("prefix")) {
          if (prefix != null) {
            throw S3Errors.invalidArgument(
                "Cannot specify more than one prefix rule in a filter.", "FilterRule.Name", name);
          }
          prefix = ruleValue;
        } else if (name.equalsIgnoreCase("suffix")) {
          if (suffix != null) {
            throw S3Errors.invalidArgument(
                "Cannot specify more than one suffix rule in a filter.", "FilterRule.Name", name);
          }
          suffix = ruleValue;
        } else {
          throw S3Errors.invalidArgument(
              "filter rule name must be either prefix or suffix", "FilterRule.Name", name);
        }
      }
    }
    String id = text(node, "Id");
    if (id == null || id.isEmpty()) {
      id = configurationIds.get();
    }
    return new Target(type, id, arn, events, prefix, suffix);
  }

  private static void checkOverlaps(List<Target> targets) {
    for (int i = 0; i < targets.size(); i++) {
      for (int j = i + 1; j < targets.size(); j++) {
        Target a = targets.get(i);
        Target b = targets.get(j);
        if (shareEventType(a, b)
            && compatible(a.prefix(), b.prefix(), true)
            && compatible(a.suffix(), b.suffix(), false)) {
          throw S3Errors.invalidArgument(
              "Configurations overlap. Configurations on the same bucket cannot share a common"
                  + " event type.",
              null,
              null);
        }
      }
    }
  }

  private static boolean shareEventType(Target a, Target b) {
    for (String x : a.events()) {
      for (String y : b.events()) {
        if (EventNames.overlap(x, y)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether some key can start (end) with both; an absent filter matches every key. */
  private static boolean compatible(String a, String b, boolean prefixes) {
    if (a == null || b == null) {
      return true;
    }
    return prefixes ? a.startsWith(b) || b.startsWith(a) : a.endsWith(b) || b.endsWith(a);
  }

  /**
   * {@code arn:<partition>:<sns|sqs|lambda>:<region>:<account>:<resource>}, Lambda's resource being
   * {@code function:<name>[:<qualifier>]}.
   */
  static boolean isWellFormed(DestinationType type, String arn) {
    String[] parts = arn.split(":", -1);
    if (parts.length < 6 || !parts[0].equals("arn") || !parts[1].startsWith("aws")) {
      return false;
    }
    String service =
        switch (type) {
          case TOPIC -> "sns";
          case QUEUE -> "sqs";
          case LAMBDA -> "lambda";
        };
    if (!parts[2].equals(service) || parts[3].isEmpty() || !isAccount(parts[4])) {
      return false;
    }
    if (type == DestinationType.LAMBDA) {
      return (parts.length == 7 || parts.length == 8)
          && parts[5].equals("function")
          && !parts[6].isEmpty()
          && (parts.length == 7 || !parts[7].isEmpty());
    }
    return parts.length == 6 && !parts[5].isEmpty();
  }

  private static boolean isAccount(String account) {
    if (account.length() != 12) {
      return false;
    }
    for (int i = 0; i < 12; i++) {
      char c = account.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonNode node, String member) {
    JsonNode n = node.get(member);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isValueNode()) {
      throw S3Errors.malformedXml();
    }
    return n.asText();
  }

  /**
   * The value form of {@code config}: GetBucketNotificationConfiguration's output. Filter rule
   * names are written {@code Prefix} and {@code Suffix}, capitalised as S3 returns them.
   */
  public static ObjectNode toValue(NotificationConfiguration config) {
    ObjectNode out = NODES.objectNode();
    for (DestinationType type : DestinationType.values()) {
      ArrayNode list = null;
      for (Target t : config.targets()) {
        if (t.type() != type) {
          continue;
        }
        if (list == null) {
          list = out.putArray(type.listMember);
        }
        ObjectNode c = list.addObject();
        c.put("Id", t.id());
        c.put(type.arnMember, t.arn());
        ArrayNode events = c.putArray("Events");
        t.events().forEach(events::add);
        if (t.prefix() != null || t.suffix() != null) {
          ArrayNode rules = c.putObject("Filter").putObject("Key").putArray("FilterRules");
          if (t.prefix() != null) {
            rules.addObject().put("Name", "Prefix").put("Value", t.prefix());
          }
          if (t.suffix() != null) {
            rules.addObject().put("Name", "Suffix").put("Value", t.suffix());
          }
        }
      }
    }
    if (config.eventBridge()) {
      out.putObject("EventBridgeConfiguration");
    }
    return out;
  }
}
