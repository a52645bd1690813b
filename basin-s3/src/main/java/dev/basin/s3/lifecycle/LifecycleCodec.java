package dev.basin.s3.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Timestamps;
import dev.basin.s3.S3Errors;
import dev.basin.s3.lifecycle.LifecycleConfiguration.Expiration;
import dev.basin.s3.lifecycle.LifecycleConfiguration.Filter;
import dev.basin.s3.lifecycle.LifecycleConfiguration.FilterForm;
import dev.basin.s3.lifecycle.LifecycleConfiguration.NoncurrentExpiration;
import dev.basin.s3.lifecycle.LifecycleConfiguration.NoncurrentTransition;
import dev.basin.s3.lifecycle.LifecycleConfiguration.Rule;
import dev.basin.s3.lifecycle.LifecycleConfiguration.Transition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads a {@code LifecycleConfiguration} value (PutBucketLifecycleConfiguration's input member)
 * into a {@link LifecycleConfiguration}, validating it as S3 does, and writes one back as
 * GetBucketLifecycleConfiguration's output.
 *
 * <p>Breaches of the XML schema (a missing or doubled element, an unknown storage class, a rule
 * with both {@code Filter} and {@code Prefix}) are {@code MalformedXML}; values the schema allows
 * but S3 refuses are {@code InvalidArgument} or {@code InvalidRequest} with S3's messages. The
 * first problem found is reported, rule by rule, in request order.
 */
public final class LifecycleCodec {
  static final int MAX_RULES = 1000;
  static final int MAX_ID_LENGTH = 255;

  private static final Set<String> STORAGE_CLASSES =
      Set.of(
          "GLACIER",
          "STANDARD_IA",
          "ONEZONE_IA",
          "INTELLIGENT_TIERING",
          "DEEP_ARCHIVE",
          "GLACIER_IR");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Supplier<String> ruleIds;

  /**
   * @param ruleIds makes the ID of a rule that has none (S3 generates a random one)
   */
  public LifecycleCodec(Supplier<String> ruleIds) {
    this.ruleIds = ruleIds;
  }

  /**
   * Parses and validates {@code value}, the {@code LifecycleConfiguration} member.
   *
   * @throws AwsException {@code MalformedXML}, {@code InvalidArgument} or {@code InvalidRequest}
   */
  public LifecycleConfiguration parse(JsonNode value) {
    if (value == null || !value.isObject()) {
      throw S3Errors.malformedXml();
    }
    JsonNode rulesNode = value.get("Rules");
    if (rulesNode == null || !rulesNode.isArray() || rulesNode.isEmpty()) {
      throw S3Errors.malformedXml();
    }
    if (rulesNode.size() > MAX_RULES) {
      throw S3Errors.malformedXml();
    }
    List<Rule> rules = new ArrayList<>(rulesNode.size());
    Set<String> ids = new HashSet<>();
    for (JsonNode ruleNode : rulesNode) {
      Rule rule = parseRule(ruleNode);
      if (!ids.add(rule.id())) {
        throw S3Errors.invalidArgument(
            "Rule ID must be unique. Found same ID for more than one rule", "ID", rule.id());
      }
      rules.add(rule);
    }
    return new LifecycleConfiguration(rules);
  }

  private Rule parseRule(JsonNode node) {
    if (!node.isObject()) {
      throw S3Errors.malformedXml();
    }
    String id = text(node, "ID");
    if (id == null || id.isEmpty()) {
      id = ruleIds.get();
    } else if (id.length() > MAX_ID_LENGTH) {
      throw S3Errors.invalidArgument(
          "ID length should not exceed allowed limit of " + MAX_ID_LENGTH, "ID", id);
    }
    String status = text(node, "Status");
    if (!"Enabled".equals(status) && !"Disabled".equals(status)) {
      throw S3Errors.malformedXml();
    }
    Filter filter = parseScope(node);
    Expiration expiration = parseExpiration(node.get("Expiration"));
    List<Transition> transitions = parseTransitions(node.get("Transitions"));
    List<NoncurrentTransition> noncurrentTransitions =
        parseNoncurrentTransitions(node.get("NoncurrentVersionTransitions"));
    NoncurrentExpiration noncurrentExpiration =
        parseNoncurrentExpiration(node.get("NoncurrentVersionExpiration"));
    Integer abortDays = parseAbort(node.get("AbortIncompleteMultipartUpload"));

    if (expiration == null
        && transitions.isEmpty()
        && noncurrentTransitions.isEmpty()
        && noncurrentExpiration == null
        && abortDays == null) {
      throw S3Errors.invalidRequest("At least one action needs to be specified in a rule");
    }
    Rule rule =
        new Rule(
            id,
            "Enabled".equals(status),
            filter,
            expiration,
            transitions,
            noncurrentTransitions,
            noncurrentExpiration,
            abortDays);
    checkCombinations(rule);
    return rule;
  }

  // --- filter ---

  private static Filter parseScope(JsonNode rule) {
    JsonNode filterNode = rule.get("Filter");
    JsonNode legacyPrefix = rule.get("Prefix");
    boolean hasFilter = present(filterNode);
    boolean hasPrefix = present(legacyPrefix);
    if (hasFilter == hasPrefix) {
      throw S3Errors.malformedXml();
    }
    if (hasPrefix) {
      return new Filter(
          FilterForm.LEGACY_PREFIX, checkPrefix(legacyPrefix.asText()), null, null, null);
    }
    if (!filterNode.isObject()) {
      throw S3Errors.malformedXml();
    }
    int predicates = 0;
    for (String name :
        List.of("Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan", "And")) {
      if (present(filterNode.get(name))) {
        predicates++;
      }
    }
    if (predicates > 1) {
      throw S3Errors.malformedXml();
    }
    if (predicates == 0) {
      return new Filter(FilterForm.EMPTY, null, null, null, null);
    }
    if (present(filterNode.get("Prefix"))) {
      return new Filter(
          FilterForm.PREFIX, checkPrefix(text(filterNode, "Prefix")), null, null, null);
    }
    if (present(filterNode.get("Tag"))) {
      Map<String, String> tags = new LinkedHashMap<>();
      addTag(tags, filterNode.get("Tag"));
      return new Filter(FilterForm.TAG, null, Collections.unmodifiableMap(tags), null, null);
    }
    if (present(filterNode.get("ObjectSizeGreaterThan"))) {
      return new Filter(
          FilterForm.OBJECT_SIZE_GREATER_THAN,
          null,
          null,
          size(filterNode, "ObjectSizeGreaterThan"),
          null);
    }
    if (present(filterNode.get("ObjectSizeLessThan"))) {
      return new Filter(
          FilterForm.OBJECT_SIZE_LESS_THAN,
          null,
          null,
          null,
          size(filterNode, "ObjectSizeLessThan"));
    }
    JsonNode and = filterNode.get("And");
    if (!and.isObject()) {
      throw S3Errors.malformedXml();
    }
    String prefix = present(and.get("Prefix")) ? checkPrefix(text(and, "Prefix")) : null;
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode tagList = and.get("Tags");
    if (present(tagList)) {
      if (!tagList.isArray()) {
        throw S3Errors.malformedXml();
      }
      for (JsonNode tag : tagList) {
        addTag(tags, tag);
      }
    }
    Long greater =
        present(and.get("ObjectSizeGreaterThan")) ? size(and, "ObjectSizeGreaterThan") : null;
    Long less = present(and.get("ObjectSizeLessThan")) ? size(and, "ObjectSizeLessThan") : null;
    if (prefix == null && tags.isEmpty() && greater == null && less == null) {
      throw S3Errors.malformedXml();
    }
    if (greater != null && less != null && greater >= less) {
      throw S3Errors.invalidArgument(
          "ObjectSizeLessThan must be greater than ObjectSizeGreaterThan",
          "ObjectSizeLessThan",
          less.toString());
    }
    return new Filter(FilterForm.AND, prefix, Collections.unmodifiableMap(tags), greater, less);
  }

  private static String checkPrefix(String prefix) {
    if (prefix.length() > 1024) {
      throw S3Errors.invalidRequest("The maximum size of a prefix is 1024.");
    }
    return prefix;
  }

  private static void addTag(Map<String, String> tags, JsonNode tag) {
    String key = text(tag, "Key");
    String value = text(tag, "Value");
    if (key == null || value == null) {
      throw S3Errors.malformedXml();
    }
    if (key.isEmpty() || key.length() > 128) {
      throw S3Errors.invalidTag("The TagKey you have provided is invalid");
    }
    if (value.length() > 256) {
      throw S3Errors.invalidTag("The TagValue you have provided is invalid");
    }
    if (tags.putIfAbsent(key, value) != null) {
      throw S3Errors.invalidRequest("Duplicate Tag Keys are not allowed.");
    }
  }

  private static Long size(JsonNode node, String member) {
    JsonNode n = node.get(member);
    if (!n.canConvertToLong() || !n.isIntegralNumber()) {
      throw S3Errors.malformedXml();
    }
    long v = n.asLong();
    if (v < 0) {
      throw S3Errors.invalidArgument(
          "'" + member + "' must be a nonnegative integer", member, Long.toString(v));
    }
    return v;
  }

  // --- actions ---

  private static Expiration parseExpiration(JsonNode node) {
    if (!present(node)) {
      return null;
    }
    if (!node.isObject()) {
      throw S3Errors.malformedXml();
    }
    Integer days = integer(node, "Days");
    Instant date = date(node, "Date");
    Boolean marker = bool(node, "ExpiredObjectDeleteMarker");
    int set = (days != null ? 1 : 0) + (date != null ? 1 : 0) + (marker != null ? 1 : 0);
    if (set != 1) {
      throw S3Errors.malformedXml();
    }
    if (days != null && days <= 0) {
      throw S3Errors.invalidArgument(
          "'Days' for Expiration action must be a positive integer", "Days", days.toString());
    }
    return new Expiration(days, date, marker);
  }

  private static List<Transition> parseTransitions(JsonNode node) {
    if (!present(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      throw S3Errors.malformedXml();
    }
    List<Transition> list = new ArrayList<>();
    for (JsonNode t : node) {
      Integer days = integer(t, "Days");
      Instant date = date(t, "Date");
      String storageClass = storageClass(t);
      if ((days == null) == (date == null)) {
        throw S3Errors.malformedXml();
      }
      if (days != null) {
        if (days < 0) {
          throw S3Errors.invalidArgument(
              "'Days' in Transition action must be nonnegative", "Days", days.toString());
        }
        if (isInfrequentAccess(storageClass) && days < 30) {
          throw S3Errors.invalidArgument(
              "'Days' in Transition action must be greater than or equal to 30 for storageClass '"
                  + storageClass
                  + "'",
              "Days",
              days.toString());
        }
      }
      list.add(new Transition(days, date, storageClass));
    }
    return list;
  }

  private static List<NoncurrentTransition> parseNoncurrentTransitions(JsonNode node) {
    if (!present(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      throw S3Errors.malformedXml();
    }
    List<NoncurrentTransition> list = new ArrayList<>();
    for (JsonNode t : node) {
      Integer days = integer(t, "NoncurrentDays");
      String storageClass = storageClass(t);
      if (days == null) {
        throw S3Errors.malformedXml();
      }
      if (days < 0) {
        throw S3Errors.invalidArgument(
            "'NoncurrentDays' in NoncurrentVersionTransition action must be nonnegative",
            "NoncurrentDays",
            days.toString());
      }
      if (isInfrequentAccess(storageClass) && days < 30) {
        throw S3Errors.invalidArgument(
            "'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal"
                + " to 30 for storageClass '"
                + storageClass
                + "'",
            "NoncurrentDays",
            days.toString());
      }
      Integer newer = newerNoncurrentVersions(t, "NoncurrentVersionTransition");
      list.add(new NoncurrentTransition(days, storageClass, newer));
    }
    return list;
  }

  private static NoncurrentExpiration parseNoncurrentExpiration(JsonNode node) {
    if (!present(node)) {
      return null;
    }
    if (!node.isObject()) {
      throw S3Errors.malformedXml();
    }
    Integer days = integer(node, "NoncurrentDays");
    if (days == null) {
      throw S3Errors.malformedXml();
    }
    if (days <= 0) {
      throw S3Errors.invalidArgument(
          "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer",
          "NoncurrentDays",
          days.toString());
    }
    return new NoncurrentExpiration(
        days, newerNoncurrentVersions(node, "NoncurrentVersionExpiration"));
  }

  private static Integer newerNoncurrentVersions(JsonNode node, String action) {
    Integer newer = integer(node, "NewerNoncurrentVersions");
    if (newer != null && (newer <= 0 || newer > 100)) {
      throw S3Errors.invalidArgument(
          "'NewerNoncurrentVersions' for "
              + action
              + " action must be a positive integer no greater than 100",
          "NewerNoncurrentVersions",
          newer.toString());
    }
    return newer;
  }

  private static Integer parseAbort(JsonNode node) {
    if (!present(node)) {
      return null;
    }
    Integer days = integer(node, "DaysAfterInitiation");
    if (days == null) {
      throw S3Errors.malformedXml();
    }
    if (days <= 0) {
      throw S3Errors.invalidArgument(
          "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive"
              + " integer",
          "DaysAfterInitiation",
          days.toString());
    }
    return days;
  }

  /** Rules between the actions of one rule, checked after each action is valid on its own. */
  private static void checkCombinations(Rule rule) {
    Filter filter = rule.filter();
    String scope = filter.describe();
    if (rule.abortIncompleteDaysAfterInitiation() != null) {
      if (filter.hasTags()) {
        throw S3Errors.invalidRequest(
            "AbortIncompleteMultipartUpload cannot be specified with Tags.");
      }
      if (filter.hasSizeBounds()) {
        throw S3Errors.invalidRequest(
            "AbortIncompleteMultipartUpload cannot be specified with object size.");
      }
    }
    Expiration expiration = rule.expiration();
    if (expiration != null && expiration.expiredObjectDeleteMarker() != null && filter.hasTags()) {
      throw S3Errors.invalidRequest("ExpiredObjectDeleteMarker cannot be specified with Tags.");
    }
    List<Transition> transitions = rule.transitions();
    boolean dayBased = false;
    boolean dateBased = false;
    Set<String> classes = new HashSet<>();
    for (Transition t : transitions) {
      dayBased |= t.days() != null;
      dateBased |= t.date() != null;
      if (!classes.add(t.storageClass())) {
        throw S3Errors.invalidArgument(
            "'StorageClass' must be different for 'Transition' actions in same 'Rule' with filter '"
                + scope
                + "'",
            "StorageClass",
            t.storageClass());
      }
    }
    if (dayBased && dateBased) {
      throw S3Errors.invalidRequest(
          "Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule for filter '"
              + scope
              + "'");
    }
    if (expiration != null && !transitions.isEmpty()) {
      if ((expiration.days() != null && dateBased) || (expiration.date() != null && dayBased)) {
        throw S3Errors.invalidRequest(
            "Found mixed 'Date' and 'Days' based Expiration and Transition actions in lifecycle"
                + " rule for filter '"
                + scope
                + "'");
      }
    }
    // Objects move down the storage waterfall only: a colder class must come later.
    for (Transition a : transitions) {
      for (Transition b : transitions) {
        if (StorageTiers.rank(a.storageClass()) < StorageTiers.rank(b.storageClass())
            && !isBefore(a, b)) {
          throw S3Errors.invalidArgument(
              "'"
                  + (a.days() != null ? "Days" : "Date")
                  + "' in the Transition action for StorageClass '"
                  + b.storageClass()
                  + "' for filter '"
                  + scope
                  + "' must be greater than '"
                  + (a.days() != null ? "Days" : "Date")
                  + "' in the Transition action for StorageClass '"
                  + a.storageClass()
                  + "' for filter '"
                  + scope
                  + "'",
              a.days() != null ? "Days" : "Date",
              b.days() != null ? b.days().toString() : Timestamps.epochSeconds(b.date()));
        }
      }
      if (expiration != null
          && expiration.days() != null
          && a.days() != null
          && expiration.days() <= a.days()) {
        throw S3Errors.invalidArgument(
            "'Days' in the Expiration action for filter '"
                + scope
                + "' must be greater than 'Days' in the Transition action",
            "Days",
            expiration.days().toString());
      }
      if (expiration != null
          && expiration.date() != null
          && a.date() != null
          && !expiration.date().isAfter(a.date())) {
        throw S3Errors.invalidArgument(
            "'Date' in the Expiration action for filter '"
                + scope
                + "' must be later than 'Date' in the Transition action",
            "Date",
            Timestamps.format(expiration.date(), dev.basin.core.model.TimestampFormat.ISO_8601));
      }
    }
    Set<String> noncurrentClasses = new HashSet<>();
    for (NoncurrentTransition t : rule.noncurrentTransitions()) {
      if (!noncurrentClasses.add(t.storageClass())) {
        throw S3Errors.invalidArgument(
            "'StorageClass' must be different for 'NoncurrentVersionTransition' actions in same"
                + " 'Rule' with filter '"
                + scope
                + "'",
            "StorageClass",
            t.storageClass());
      }
      if (rule.noncurrentExpiration() != null
          && rule.noncurrentExpiration().noncurrentDays() <= t.noncurrentDays()) {
        throw S3Errors.invalidArgument(
            "'NoncurrentDays' in the NoncurrentVersionExpiration action for filter '"
                + scope
                + "' must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition"
                + " action",
            "NoncurrentDays",
            Integer.toString(rule.noncurrentExpiration().noncurrentDays()));
      }
    }
  }

  private static boolean isBefore(Transition earlier, Transition later) {
    if (earlier.days() != null && later.days() != null) {
      return earlier.days() < later.days();
    }
    if (earlier.date() != null && later.date() != null) {
      return earlier.date().isBefore(later.date());
    }
    return true; // mixed forms are reported on their own
  }

  private static boolean isInfrequentAccess(String storageClass) {
    return storageClass.equals("STANDARD_IA") || storageClass.equals("ONEZONE_IA");
  }

  private static String storageClass(JsonNode node) {
    String storageClass = text(node, "StorageClass");
    if (storageClass == null || !STORAGE_CLASSES.contains(storageClass)) {
      throw S3Errors.malformedXml();
    }
    return storageClass;
  }

  // --- value-form readers ---

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  private static String text(JsonNode node, String member) {
    JsonNode n = node.get(member);
    if (!present(n)) {
      return null;
    }
    if (!n.isValueNode()) {
      throw S3Errors.malformedXml();
    }
    return n.asText();
  }

  private static Integer integer(JsonNode node, String member) {
    JsonNode n = node.get(member);
    if (!present(n)) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw S3Errors.malformedXml();
    }
    return n.intValue();
  }

  private static Boolean bool(JsonNode node, String member) {
    JsonNode n = node.get(member);
    if (!present(n)) {
      return null;
    }
    if (!n.isBoolean()) {
      throw S3Errors.malformedXml();
    }
    return n.booleanValue();
  }

  private static Instant date(JsonNode node, String member) {
    JsonNode n = node.get(member);
    if (!present(n)) {
      return null;
    }
    Instant date;
    try {
      date = Timestamps.instant(n);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw S3Errors.malformedXml();
    }
    if (date.getEpochSecond() % 86_400 != 0 || date.getNano() != 0) {
      throw S3Errors.invalidArgument(
          "'Date' must be at midnight GMT",
          "Date",
          Timestamps.format(date, dev.basin.core.model.TimestampFormat.ISO_8601));
    }
    return date;
  }

  // --- writing ---

  /** The value form of {@code config}: GetBucketLifecycleConfiguration's {@code Rules}. */
  public static ObjectNode toValue(LifecycleConfiguration config) {
    ObjectNode out = NODES.objectNode();
    ArrayNode rules = out.putArray("Rules");
    for (Rule rule : config.rules()) {
      ObjectNode r = rules.addObject();
      if (rule.expiration() != null) {
        Expiration e = rule.expiration();
        ObjectNode x = r.putObject("Expiration");
        if (e.date() != null) {
          x.set("Date", Timestamps.node(e.date()));
        }
        if (e.days() != null) {
          x.put("Days", e.days());
        }
        if (e.expiredObjectDeleteMarker() != null) {
          x.put("ExpiredObjectDeleteMarker", e.expiredObjectDeleteMarker());
        }
      }
      r.put("ID", rule.id());
      writeFilter(r, rule.filter());
      r.put("Status", rule.enabled() ? "Enabled" : "Disabled");
      if (!rule.transitions().isEmpty()) {
        ArrayNode list = r.putArray("Transitions");
        for (Transition t : rule.transitions()) {
          ObjectNode x = list.addObject();
          if (t.date() != null) {
            x.set("Date", Timestamps.node(t.date()));
          }
          if (t.days() != null) {
            x.put("Days", t.days());
          }
          x.put("StorageClass", t.storageClass());
        }
      }
      if (!rule.noncurrentTransitions().isEmpty()) {
        ArrayNode list = r.putArray("NoncurrentVersionTransitions");
        for (NoncurrentTransition t : rule.noncurrentTransitions()) {
          ObjectNode x = list.addObject();
          x.put("NoncurrentDays", t.noncurrentDays());
          x.put("StorageClass", t.storageClass());
          if (t.newerNoncurrentVersions() != null) {
            x.put("NewerNoncurrentVersions", t.newerNoncurrentVersions());
          }
        }
      }
      if (rule.noncurrentExpiration() != null) {
        ObjectNode x = r.putObject("NoncurrentVersionExpiration");
        x.put("NoncurrentDays", rule.noncurrentExpiration().noncurrentDays());
        if (rule.noncurrentExpiration().newerNoncurrentVersions() != null) {
          x.put("NewerNoncurrentVersions", rule.noncurrentExpiration().newerNoncurrentVersions());
        }
      }
      if (rule.abortIncompleteDaysAfterInitiation() != null) {
        r.putObject("AbortIncompleteMultipartUpload")
            .put("DaysAfterInitiation", rule.abortIncompleteDaysAfterInitiation());
      }
    }
    return out;
  }

  private static void writeFilter(ObjectNode rule, Filter f) {
    switch (f.form()) {
      case LEGACY_PREFIX -> rule.put("Prefix", f.prefix());
      case EMPTY -> rule.putObject("Filter");
      case PREFIX -> rule.putObject("Filter").put("Prefix", f.prefix());
      case TAG -> {
        Map.Entry<String, String> tag = f.tags().entrySet().iterator().next();
        rule.putObject("Filter")
            .putObject("Tag")
            .put("Key", tag.getKey())
            .put("Value", tag.getValue());
      }
      case OBJECT_SIZE_GREATER_THAN ->
          rule.putObject("Filter").put("ObjectSizeGreaterThan", f.objectSizeGreaterThan());
      case OBJECT_SIZE_LESS_THAN ->
          rule.putObject("Filter").put("ObjectSizeLessThan", f.objectSizeLessThan());
      case AND -> {
        ObjectNode and = rule.putObject("Filter").putObject("And");
        if (f.prefix() != null) {
          and.put("Prefix", f.prefix());
        }
        if (f.hasTags()) {
          ArrayNode tags = and.putArray("Tags");
          f.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        }
        if (f.objectSizeGreaterThan() != null) {
          and.put("ObjectSizeGreaterThan", f.objectSizeGreaterThan());
        }
        if (f.objectSizeLessThan() != null) {
          and.put("ObjectSizeLessThan", f.objectSizeLessThan());
        }
      }
    }
  }
}
