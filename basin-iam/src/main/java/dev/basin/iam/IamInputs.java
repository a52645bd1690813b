package dev.basin.iam;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The IAM model's member constraints that the generic input validator does not check (names, paths,
 * MaxItems) and IAM's Marker/MaxItems paging.
 */
final class IamInputs {
  private IamInputs() {}

  static final String NAME_PATTERN = "[\\w+=,.@-]+";

  /** A required string member (the codec has already checked presence). */
  static String text(ObjectNode input, String member) {
    JsonNode value = input.get(member);
    return value == null || value.isNull() ? null : value.asText();
  }

  /**
   * Checks a name against {@code [\w+=,.@-]+} and its length.
   *
   * @param member the member's name as AWS spells it in messages, e.g. {@code userName}
   */
  static String name(String value, String member, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > maxLength) {
      throw IamErrors.constraint(
          member,
          value,
          "Member must have length "
              + (value.isEmpty()
                  ? "greater than or equal to 1"
                  : "less than or equal to " + maxLength));
    }
    for (int i = 0; i < value.length(); i++) {
      if (!isNameChar(value.charAt(i))) {
        throw IamErrors.constraint(
            member, value, "Member must satisfy regular expression pattern: " + NAME_PATTERN);
      }
    }
    return value;
  }

  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "_+=,.@-".indexOf(c) >= 0;
  }

  /** A path: {@code /} alone or {@code /.../}, up to 512 printable ASCII characters. */
  static String path(String value, String member) {
    if (value == null) {
      return "/";
    }
    boolean ok =
        !value.isEmpty()
            && value.length() <= 512
            && value.charAt(0) == '/'
            && value.charAt(value.length() - 1) == '/';
    for (int i = 0; ok && i < value.length(); i++) {
      char c = value.charAt(i);
      ok = c >= '!' && c <= '~';
    }
    if (!ok) {
      throw IamErrors.constraint(
          member,
          value,
          "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    }
    return value;
  }

  /**
   * Puts one page of {@code items} into {@code output} under {@code listMember}, with {@code
   * IsTruncated} and, when truncated, {@code Marker}: the (base64) position of the next item, so
   * items must come in a stable order.
   */
  static <T> void page(
      ObjectNode input,
      ObjectNode output,
      String listMember,
      List<T> items,
      Function<T, JsonNode> render) {
    int maxItems = 100;
    JsonNode max = input.get("MaxItems");
    if (max != null && !max.isNull()) {
      maxItems = max.asInt();
      if (maxItems < 1 || maxItems > 1000) {
        throw IamErrors.constraint(
            "maxItems",
            max.asText(),
            maxItems < 1
                ? "Member must have value greater than or equal to 1"
                : "Member must have value less than or equal to 1000");
      }
    }
    int start = 0;
    String marker = text(input, "Marker");
    if (marker != null) {
      try {
        start =
            Math.max(0, Integer.parseInt(new String(Base64.getDecoder().decode(marker), UTF_8)));
      } catch (IllegalArgumentException e) {
        throw IamErrors.validation("Invalid Marker.");
      }
    }
    int end = Math.min(items.size(), start + maxItems);
    ArrayNode list = output.putArray(listMember);
    for (int i = start; i < end; i++) {
      list.add(render.apply(items.get(i)));
    }
    boolean truncated = end < items.size();
    output.put("IsTruncated", truncated);
    if (truncated) {
      output.put(
          "Marker", Base64.getEncoder().encodeToString(Integer.toString(end).getBytes(UTF_8)));
    }
  }
}
