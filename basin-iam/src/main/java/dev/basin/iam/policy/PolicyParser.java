package dev.basin.iam.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns policy JSON into a {@link PolicyDocument}, rejecting what AWS rejects with AWS's messages.
 *
 * <p>The checks run in the order IAM applies them, because a document with several faults gets the
 * message of the first: structure ("Syntax errors in policy."), then version, then the "legacy"
 * checks (case-sensitive Effect, date values), principal rules, Sid uniqueness, presence of actions
 * and resources, resource format, and finally action prefixes.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html">IAM
 *     JSON policy elements reference</a>
 */
final class PolicyParser {

  static final String SYNTAX_ERROR = "Syntax errors in policy.";
  static final String VERSION_ERROR = "Policy document must be version 2012-10-17 or greater.";
  static final String LEGACY_PARSING = "The policy failed legacy parsing";
  static final String SID_NOT_UNIQUE = "Statement IDs (SID) in a single policy must be unique.";
  static final String SID_NOT_ALPHANUMERIC =
      "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular"
          + " expression [0-9A-Za-z]*";
  static final String NO_ACTIONS = "Policy statement must contain actions.";
  static final String NO_RESOURCES = "Policy statement must contain resources.";
  static final String PRINCIPAL_FORBIDDEN = "Policy document should not specify a principal.";
  static final String PRINCIPAL_MISSING = "Missing required field Principal";
  static final String NO_VENDOR =
      "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
  static final String TWO_COLONS = "Actions/Condition can contain only one colon.";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_ELEMENTS =
      Set.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");
  private static final Set<String> PRINCIPAL_TYPES =
      Set.of("AWS", "Service", "Federated", "CanonicalUser");

  private PolicyParser() {}

  static PolicyDocument parse(String text, PolicyKind kind) throws MalformedPolicyException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    List<JsonNode> statements = checkSyntax(root);
    String version = root.has("Version") ? root.get("Version").asText() : null;
    if (kind == PolicyKind.IDENTITY && !PolicyDocument.VERSION_2012.equals(version)) {
      throw new MalformedPolicyException(VERSION_ERROR);
    }
    boolean variables = PolicyDocument.VERSION_2012.equals(version);
    for (JsonNode statement : statements) {
      String effect = statement.get("Effect").asText();
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw new MalformedPolicyException(LEGACY_PARSING);
      }
    }
    List<Statement> parsed = new ArrayList<>(statements.size());
    for (int i = 0; i < statements.size(); i++) {
      parsed.add(parseStatement(i, statements.get(i), variables));
    }
    checkPrincipals(statements, kind);
    checkSids(statements, kind);
    for (JsonNode statement : statements) {
      if (isEmpty(statement, "Action") && isEmpty(statement, "NotAction")) {
        throw new MalformedPolicyException(NO_ACTIONS);
      }
    }
    if (kind != PolicyKind.TRUST) {
      for (JsonNode statement : statements) {
        if (isEmpty(statement, "Resource") && isEmpty(statement, "NotResource")) {
          throw new MalformedPolicyException(NO_RESOURCES);
        }
      }
    }
    for (JsonNode statement : statements) {
      for (String resource : strings(statement, "Resource", "NotResource")) {
        if (!resource.equals("*") && resource.indexOf(':') < 0) {
          throw new MalformedPolicyException(
              "Resource " + resource + " must be in ARN format or \"*\".");
        }
      }
    }
    for (JsonNode statement : statements) {
      for (String action : strings(statement, "Action", "NotAction")) {
        checkActionPrefix(action);
      }
    }
    String id = root.has("Id") ? root.get("Id").asText() : null;
    return new PolicyDocument(text, kind, version, id, parsed);
  }

  private static List<JsonNode> checkSyntax(JsonNode root) throws MalformedPolicyException {
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      if (!TOP_LEVEL.contains(names.next())) {
        throw new MalformedPolicyException(SYNTAX_ERROR);
      }
    }
    JsonNode version = root.get("Version");
    if (version != null
        && !(version.isTextual()
            && (version.asText().equals(PolicyDocument.VERSION_2012)
                || version.asText().equals(PolicyDocument.VERSION_2008)))) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    JsonNode id = root.get("Id");
    if (id != null && !id.isTextual()) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    JsonNode statementNode = root.get("Statement");
    List<JsonNode> statements = new ArrayList<>();
    if (statementNode != null && statementNode.isObject()) {
      statements.add(statementNode);
    } else if (statementNode != null && statementNode.isArray()) {
      statementNode.forEach(statements::add);
    }
    if (statements.isEmpty()) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    for (JsonNode statement : statements) {
      checkStatementSyntax(statement);
    }
    return statements;
  }

  private static void checkStatementSyntax(JsonNode statement) throws MalformedPolicyException {
    if (!statement.isObject()) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    for (Iterator<String> names = statement.fieldNames(); names.hasNext(); ) {
      if (!STATEMENT_ELEMENTS.contains(names.next())) {
        throw new MalformedPolicyException(SYNTAX_ERROR);
      }
    }
    if ((statement.has("Action") && statement.has("NotAction"))
        || (statement.has("Resource") && statement.has("NotResource"))
        || (statement.has("Principal") && statement.has("NotPrincipal"))) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    JsonNode effect = statement.get("Effect");
    if (effect == null
        || !effect.isTextual()
        || !(effect.asText().equalsIgnoreCase("Allow")
            || effect.asText().equalsIgnoreCase("Deny"))) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    for (String element : List.of("Action", "NotAction", "Resource", "NotResource")) {
      JsonNode node = statement.get(element);
      if (node != null && !isStringOrStrings(node)) {
        throw new MalformedPolicyException(SYNTAX_ERROR);
      }
    }
    JsonNode sid = statement.get("Sid");
    if (sid != null && !sid.isTextual()) {
      throw new MalformedPolicyException(SYNTAX_ERROR);
    }
    for (String element : List.of("Principal", "NotPrincipal")) {
      JsonNode principal = statement.get(element);
      if (principal == null) {
        continue;
      }
      if (principal.isTextual()) {
        if (!principal.asText().equals("*")) {
          throw new MalformedPolicyException(SYNTAX_ERROR);
        }
        continue;
      }
      if (!principal.isObject() || principal.isEmpty()) {
        throw new MalformedPolicyException(SYNTAX_ERROR);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = principal.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!PRINCIPAL_TYPES.contains(entry.getKey()) || !isStringOrStrings(entry.getValue())) {
          throw new MalformedPolicyException(SYNTAX_ERROR);
        }
      }
    }
    JsonNode condition = statement.get("Condition");
    if (condition != null) {
      if (!condition.isObject()) {
        throw new MalformedPolicyException(SYNTAX_ERROR);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> operator = it.next();
        if (!operator.getValue().isObject() || OperatorName.parse(operator.getKey()) == null) {
          throw new MalformedPolicyException(SYNTAX_ERROR);
        }
        for (JsonNode values : operator.getValue()) {
          if (!isScalarOrScalars(values)) {
            throw new MalformedPolicyException(SYNTAX_ERROR);
          }
        }
      }
    }
  }

  private static Statement parseStatement(int index, JsonNode node, boolean variables)
      throws MalformedPolicyException {
    Effect effect = node.get("Effect").asText().equals("Allow") ? Effect.ALLOW : Effect.DENY;
    boolean notAction = node.has("NotAction");
    List<GlobPattern> actions = new ArrayList<>();
    for (String action : scalars(node.get(notAction ? "NotAction" : "Action"))) {
      actions.add(GlobPattern.of(action.toLowerCase(Locale.ROOT)));
    }
    boolean notResource = node.has("NotResource");
    List<PolicyString> resources = new ArrayList<>();
    for (String resource : scalars(node.get(notResource ? "NotResource" : "Resource"))) {
      resources.add(compile(resource, variables));
    }
    boolean notPrincipal = node.has("NotPrincipal");
    JsonNode principalNode = node.get(notPrincipal ? "NotPrincipal" : "Principal");
    PrincipalSpec principal = principalNode == null ? null : parsePrincipal(principalNode);
    List<Condition> conditions = new ArrayList<>();
    JsonNode conditionNode = node.get("Condition");
    if (conditionNode != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = conditionNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> operator = it.next();
        OperatorName name = OperatorName.parse(operator.getKey());
        for (Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields();
            keys.hasNext(); ) {
          Map.Entry<String, JsonNode> key = keys.next();
          List<String> values = scalars(key.getValue());
          conditions.add(
              new Condition(
                  operator.getKey(),
                  name.qualifier(),
                  name.ifExists(),
                  key.getKey().toLowerCase(Locale.ROOT),
                  compileOperator(name.base(), values, variables)));
        }
      }
    }
    String sid = node.has("Sid") ? node.get("Sid").asText() : null;
    return new Statement(
        index,
        sid,
        effect,
        actions,
        notAction,
        resources,
        notResource,
        principal,
        notPrincipal,
        conditions);
  }

  private static PolicyString compile(String text, boolean variables) {
    return variables ? PolicyString.withVariables(text) : PolicyString.literal(text);
  }

  private static ConditionOperator compileOperator(
      String base, List<String> values, boolean variables) throws MalformedPolicyException {
    List<PolicyString> strings = new ArrayList<>(values.size());
    for (String value : values) {
      strings.add(compile(value, variables));
    }
    ConditionOperator.Comparison comparison = comparison(base);
    return switch (base) {
      case "StringEquals" -> string(ConditionOperator.StringMatch.Kind.EQUALS, false, strings);
      case "StringNotEquals" -> string(ConditionOperator.StringMatch.Kind.EQUALS, true, strings);
      case "StringEqualsIgnoreCase" ->
          string(ConditionOperator.StringMatch.Kind.EQUALS_IGNORE_CASE, false, strings);
      case "StringNotEqualsIgnoreCase" ->
          string(ConditionOperator.StringMatch.Kind.EQUALS_IGNORE_CASE, true, strings);
      case "StringLike" -> string(ConditionOperator.StringMatch.Kind.LIKE, false, strings);
      case "StringNotLike" -> string(ConditionOperator.StringMatch.Kind.LIKE, true, strings);
      case "NumericEquals",
          "NumericNotEquals",
          "NumericLessThan",
          "NumericLessThanEquals",
          "NumericGreaterThan",
          "NumericGreaterThanEquals" -> {
        List<BigDecimal> numbers = new ArrayList<>();
        for (String value : values) {
          BigDecimal number = ConditionOperator.NumericMatch.parseNumber(value);
          if (number != null) {
            numbers.add(number);
          }
        }
        yield new ConditionOperator.NumericMatch(
            comparison, base.equals("NumericNotEquals"), List.copyOf(numbers));
      }
      case "DateEquals",
          "DateNotEquals",
          "DateLessThan",
          "DateLessThanEquals",
          "DateGreaterThan",
          "DateGreaterThanEquals" -> {
        List<Instant> instants = new ArrayList<>();
        for (String value : values) {
          Instant instant = ConditionOperator.DateMatch.parseDate(value);
          if (instant == null) {
            throw new MalformedPolicyException(LEGACY_PARSING);
          }
          instants.add(instant);
        }
        yield new ConditionOperator.DateMatch(
            comparison, base.equals("DateNotEquals"), List.copyOf(instants));
      }
      case "Bool" -> new ConditionOperator.BoolMatch(List.copyOf(strings));
      case "BinaryEquals" -> {
        List<byte[]> bytes = new ArrayList<>();
        for (String value : values) {
          try {
            bytes.add(Base64.getDecoder().decode(value.trim()));
          } catch (IllegalArgumentException e) {
            // A value that is not base64 can never equal a request's value.
          }
        }
        yield new ConditionOperator.BinaryMatch(List.copyOf(bytes));
      }
      case "IpAddress", "NotIpAddress" -> {
        List<ConditionOperator.Cidr> cidrs = new ArrayList<>();
        for (String value : values) {
          ConditionOperator.Cidr cidr = ConditionOperator.Cidr.parse(value);
          if (cidr != null) {
            cidrs.add(cidr);
          }
        }
        yield new ConditionOperator.IpMatch(base.equals("NotIpAddress"), List.copyOf(cidrs));
      }
      case "ArnEquals", "ArnLike" -> new ConditionOperator.ArnMatch(false, List.copyOf(strings));
      case "ArnNotEquals", "ArnNotLike" ->
          new ConditionOperator.ArnMatch(true, List.copyOf(strings));
      case "Null" -> {
        List<Boolean> expectAbsent = new ArrayList<>();
        for (String value : values) {
          if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            expectAbsent.add(value.equalsIgnoreCase("true"));
          }
        }
        yield new ConditionOperator.NullCheck(List.copyOf(expectAbsent));
      }
      default -> throw new MalformedPolicyException(SYNTAX_ERROR);
    };
  }

  private static ConditionOperator string(
      ConditionOperator.StringMatch.Kind kind, boolean negated, List<PolicyString> values) {
    return new ConditionOperator.StringMatch(kind, negated, List.copyOf(values));
  }

  private static ConditionOperator.Comparison comparison(String base) {
    if (base.endsWith("LessThanEquals")) {
      return ConditionOperator.Comparison.LESS_THAN_EQUALS;
    }
    if (base.endsWith("LessThan")) {
      return ConditionOperator.Comparison.LESS_THAN;
    }
    if (base.endsWith("GreaterThanEquals")) {
      return ConditionOperator.Comparison.GREATER_THAN_EQUALS;
    }
    if (base.endsWith("GreaterThan")) {
      return ConditionOperator.Comparison.GREATER_THAN;
    }
    return ConditionOperator.Comparison.EQUALS;
  }

  /** A condition operator name split into set qualifier, base operator and IfExists. */
  record OperatorName(Condition.SetQualifier qualifier, String base, boolean ifExists) {

    private static final Set<String> BASES =
        Set.of(
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "StringNotLike",
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
            "Bool",
            "BinaryEquals",
            "IpAddress",
            "NotIpAddress",
            "ArnEquals",
            "ArnLike",
            "ArnNotEquals",
            "ArnNotLike",
            "Null");

    /** The parts of {@code name}, or null when it is no operator AWS knows. */
    static OperatorName parse(String name) {
      Condition.SetQualifier qualifier = Condition.SetQualifier.NONE;
      String rest = name;
      if (rest.startsWith("ForAnyValue:")) {
        qualifier = Condition.SetQualifier.FOR_ANY_VALUE;
        rest = rest.substring("ForAnyValue:".length());
      } else if (rest.startsWith("ForAllValues:")) {
        qualifier = Condition.SetQualifier.FOR_ALL_VALUES;
        rest = rest.substring("ForAllValues:".length());
      }
      boolean ifExists = false;
      if (rest.endsWith("IfExists")) {
        ifExists = true;
        rest = rest.substring(0, rest.length() - "IfExists".length());
      }
      if (!BASES.contains(rest)
          || (rest.equals("Null") && (ifExists || qualifier != Condition.SetQualifier.NONE))) {
        return null;
      }
      return new OperatorName(qualifier, rest, ifExists);
    }
  }

  private static PrincipalSpec parsePrincipal(JsonNode node) {
    if (node.isTextual()) {
      return new PrincipalSpec(true, Set.of(), Set.of(), Set.of(), Set.of());
    }
    Set<String> aws = new HashSet<>();
    boolean everyone = false;
    for (String value : scalars(node.path("AWS"))) {
      if (value.equals("*")) {
        everyone = true;
      } else if (isAccountId(value)) {
        aws.add(RequestPrincipal.rootArn(value));
      } else {
        aws.add(value);
      }
    }
    return new PrincipalSpec(
        everyone,
        aws,
        new HashSet<>(scalars(node.path("Service"))),
        new HashSet<>(scalars(node.path("Federated"))),
        new HashSet<>(scalars(node.path("CanonicalUser"))));
  }

  private static void checkPrincipals(List<JsonNode> statements, PolicyKind kind)
      throws MalformedPolicyException {
    for (JsonNode statement : statements) {
      boolean has = statement.has("Principal") || statement.has("NotPrincipal");
      if (kind == PolicyKind.IDENTITY && has) {
        throw new MalformedPolicyException(PRINCIPAL_FORBIDDEN);
      }
      if (kind != PolicyKind.IDENTITY && !has) {
        throw new MalformedPolicyException(PRINCIPAL_MISSING);
      }
      JsonNode principal =
          statement.has("Principal") ? statement.get("Principal") : statement.get("NotPrincipal");
      if (principal == null || !principal.isObject()) {
        continue;
      }
      for (String value : scalars(principal.path("AWS"))) {
        if (!value.equals("*") && !isAccountId(value) && !isArn(value)) {
          throw new MalformedPolicyException(
              kind == PolicyKind.TRUST
                  ? "Invalid principal in policy: \"AWS\":\"" + value + "\""
                  : "Invalid principal in policy");
        }
      }
      for (String type : List.of("Service", "Federated", "CanonicalUser")) {
        for (String value : scalars(principal.path(type))) {
          if (value.isEmpty()) {
            throw new MalformedPolicyException(
                kind == PolicyKind.TRUST
                    ? "Invalid principal in policy: \"" + type + "\":\"\""
                    : "Invalid principal in policy");
          }
        }
      }
    }
  }

  private static void checkSids(List<JsonNode> statements, PolicyKind kind)
      throws MalformedPolicyException {
    Set<String> seen = new HashSet<>();
    for (JsonNode statement : statements) {
      String sid = statement.has("Sid") ? statement.get("Sid").asText() : "";
      if (!sid.isEmpty() && !seen.add(sid)) {
        throw new MalformedPolicyException(SID_NOT_UNIQUE);
      }
    }
    if (kind == PolicyKind.IDENTITY) {
      for (String sid : seen) {
        for (int i = 0; i < sid.length(); i++) {
          char c = sid.charAt(i);
          if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            throw new MalformedPolicyException(SID_NOT_ALPHANUMERIC);
          }
        }
      }
    }
  }

  private static void checkActionPrefix(String action) throws MalformedPolicyException {
    if (action.equals("*")) {
      return;
    }
    int colon = action.indexOf(':');
    if (colon < 0) {
      throw new MalformedPolicyException(NO_VENDOR);
    }
    if (action.indexOf(':', colon + 1) >= 0) {
      throw new MalformedPolicyException(TWO_COLONS);
    }
    String vendor = action.substring(0, colon);
    for (int i = 0; i < vendor.length(); i++) {
      char c = vendor.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '*'
              || c == '?';
      if (!ok) {
        throw new MalformedPolicyException("Vendor " + vendor + " is not valid");
      }
    }
  }

  private static boolean isAccountId(String value) {
    if (value.length() != 12) {
      return false;
    }
    for (int i = 0; i < 12; i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isArn(String value) {
    if (!value.startsWith("arn:")) {
      return false;
    }
    int colons = 0;
    for (int i = 0; i < value.length(); i++) {
      colons += value.charAt(i) == ':' ? 1 : 0;
    }
    return colons >= 5;
  }

  private static boolean isStringOrStrings(JsonNode node) {
    if (node.isTextual()) {
      return true;
    }
    if (!node.isArray()) {
      return false;
    }
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isScalarOrScalars(JsonNode node) {
    if (node.isValueNode() && !node.isNull()) {
      return true;
    }
    if (!node.isArray()) {
      return false;
    }
    for (JsonNode element : node) {
      if (!element.isValueNode() || element.isNull()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isEmpty(JsonNode statement, String element) {
    JsonNode node = statement.get(element);
    return node == null || (node.isArray() && node.isEmpty());
  }

  /** A string, a number, a boolean, or an array of them, as strings; empty when missing. */
  private static List<String> scalars(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      return List.of(node.asText());
    }
    List<String> values = new ArrayList<>(node.size());
    node.forEach(element -> values.add(element.asText()));
    return values;
  }

  private static List<String> strings(JsonNode statement, String first, String second) {
    List<String> values = new ArrayList<>(scalars(statement.get(first)));
    values.addAll(scalars(statement.get(second)));
    return values;
  }
}
