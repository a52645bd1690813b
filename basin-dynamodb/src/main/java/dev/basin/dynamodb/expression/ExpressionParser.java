package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.dynamodb.AttributeValues;
import dev.basin.dynamodb.expression.ExpressionLexer.Kind;
import dev.basin.dynamodb.expression.ExpressionLexer.Token;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser for DynamoDB's expression languages. Syntax errors stop the parse at
 * once; semantic errors (reserved words, undefined placeholders, function misuse, operand types,
 * overlapping paths) are collected by category and the most important one is reported after the
 * whole expression parsed, in the order DynamoDB reports them.
 *
 * <p>Every error is a ValidationException whose message starts with {@code Invalid <Member>: },
 * e.g. {@code Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"}.
 */
final class ExpressionParser {

  /** Where the parse failed; converted to DynamoDB's message by the parser. */
  static final class SyntaxError extends RuntimeException {
    final String token;
    final String near;
    final int position;

    SyntaxError(String token, String near) {
      this(token, near, Integer.MAX_VALUE);
    }

    SyntaxError(String token, String near, int position) {
      super("Syntax error; token: \"" + token + "\", near: \"" + near + "\"", null, false, false);
      this.token = token;
      this.near = near;
      this.position = position;
    }
  }

  /** Semantic error categories. */
  enum Category {
    UNKNOWN_FUNCTION,
    MISUSED_FUNCTION,
    RESERVED,
    SECTION,
    UNDEFINED_NAME,
    UNDEFINED_VALUE,
    OVERLAP,
    CONFLICT,
    OPERAND,
    OPERAND_COUNT,
    DISTINCT,
    FUNCTION,
    IN_COUNT
  }

  private static final List<Category> CONDITION_ORDER =
      List.of(
          Category.UNKNOWN_FUNCTION,
          Category.MISUSED_FUNCTION,
          Category.RESERVED,
          Category.UNDEFINED_NAME,
          Category.UNDEFINED_VALUE,
          Category.OPERAND_COUNT,
          Category.DISTINCT,
          Category.FUNCTION,
          Category.IN_COUNT);
  private static final List<Category> UPDATE_ORDER =
      List.of(
          Category.RESERVED,
          Category.UNKNOWN_FUNCTION,
          Category.SECTION,
          Category.UNDEFINED_NAME,
          Category.UNDEFINED_VALUE,
          Category.OVERLAP,
          Category.CONFLICT,
          Category.OPERAND,
          Category.OPERAND_COUNT,
          Category.FUNCTION);
  private static final List<Category> PROJECTION_ORDER =
      List.of(Category.RESERVED, Category.UNDEFINED_NAME, Category.OVERLAP, Category.CONFLICT);

  private static final Set<String> CONDITION_KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");
  private static final Set<String> UPDATE_KEYWORDS = Set.of("SET", "REMOVE", "ADD", "DELETE");
  private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
  private static final Map<String, Integer> CONDITION_FUNCTIONS =
      Map.of(
          "attribute_exists", 1,
          "attribute_not_exists", 1,
          "attribute_type", 2,
          "begins_with", 2,
          "contains", 2,
          "size", 1);
  private static final Map<String, Integer> UPDATE_FUNCTIONS =
      Map.of("if_not_exists", 2, "list_append", 2);
  private static final Set<String> TYPE_NAMES =
      Set.of("S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M");
  private static final int MAX_IN_OPERANDS = 100;

  private final String label;
  private final String text;
  private final List<Token> tokens;
  private final ExpressionAttributes attributes;
  private final Set<String> keywords;
  private EnumMap<Category, String> errors = new EnumMap<>(Category.class);
  private int pos;

  private ExpressionParser(
      String label, String text, ExpressionAttributes attributes, Set<String> keywords) {
    this.label = label;
    this.text = text;
    this.attributes = attributes;
    this.keywords = keywords;
    if (text == null || text.isBlank()) {
      throw fail("The expression can not be empty;");
    }
    try {
      this.tokens = ExpressionLexer.tokenize(text);
    } catch (SyntaxError e) {
      throw fail(e.getMessage());
    }
  }

  // ---------------------------------------------------------------- entry points

  /** Parses a condition, filter or key condition expression ({@code label} names the member). */
  static Condition parseCondition(String label, String text, ExpressionAttributes attributes) {
    ExpressionParser parser = new ExpressionParser(label, text, attributes, CONDITION_KEYWORDS);
    Condition condition;
    try {
      condition = parser.parseOr();
      parser.expect(Kind.EOF);
    } catch (SyntaxError e) {
      throw parser.fail(e.getMessage());
    }
    parser.report(CONDITION_ORDER);
    return condition;
  }

  /** Parses an update expression into its actions, in clause order. */
  static List<UpdateExpression.Action> parseUpdate(String text, ExpressionAttributes attributes) {
    ExpressionParser parser =
        new ExpressionParser("UpdateExpression", text, attributes, UPDATE_KEYWORDS);
    List<UpdateExpression.Action> actions;
    try {
      actions = parser.parseSections();
    } catch (SyntaxError e) {
      throw parser.fail(e.getMessage());
    }
    List<DocumentPath> paths = new ArrayList<>();
    for (UpdateExpression.Action action : actions) {
      paths.add(action.path());
    }
    parser.checkPaths(paths);
    parser.report(UPDATE_ORDER);
    return actions;
  }

  /** Parses a projection expression into its paths. */
  static List<DocumentPath> parseProjection(String text, ExpressionAttributes attributes) {
    ExpressionParser parser =
        new ExpressionParser("ProjectionExpression", text, attributes, Set.of());
    List<DocumentPath> paths = new ArrayList<>();
    try {
      paths.add(parser.parsePath());
      while (parser.peek().is(Kind.COMMA)) {
        parser.next();
        paths.add(parser.parsePath());
      }
      parser.expect(Kind.EOF);
    } catch (SyntaxError e) {
      throw parser.fail(e.getMessage());
    }
    parser.checkPaths(paths);
    parser.report(PROJECTION_ORDER);
    return paths;
  }

  // ---------------------------------------------------------------- conditions

  private Condition parseOr() {
    Condition condition = parseAnd();
    while (peek().isKeyword("OR")) {
      next();
      condition = new Condition.Or(condition, parseAnd());
    }
    return condition;
  }

  private Condition parseAnd() {
    Condition condition = parseNot();
    while (peek().isKeyword("AND")) {
      next();
      condition = new Condition.And(condition, parseNot());
    }
    return condition;
  }

  private Condition parseNot() {
    if (peek().isKeyword("NOT")) {
      next();
      return new Condition.Not(parseNot());
    }
    return parsePrimary();
  }

  /**
   * A parenthesised condition or a comparison. {@code (} may open either a condition or an operand
   * ({@code (a) = :v}); the condition is tried first and the operand reading if the group turns out
   * to be followed by a comparator.
   */
  private Condition parsePrimary() {
    if (!peek().is(Kind.LPAREN)) {
      return parseComparison();
    }
    int mark = pos;
    EnumMap<Category, String> saved = errors.clone();
    SyntaxError first;
    try {
      next();
      Condition condition = parseOr();
      expect(Kind.RPAREN);
      if (!startsComparisonTail(peek())) {
        return condition;
      }
      first = null;
    } catch (SyntaxError e) {
      first = e;
    }
    pos = mark;
    errors = saved;
    try {
      return parseComparison();
    } catch (SyntaxError e) {
      throw first != null && first.position > e.position ? first : e;
    }
  }

  private static boolean startsComparisonTail(Token token) {
    return (token.is(Kind.OP) && COMPARATORS.contains(token.text()))
        || token.isKeyword("BETWEEN")
        || token.isKeyword("IN");
  }

  private Condition parseComparison() {
    Operand left = parseOperand(false);
    Token token = peek();
    if (token.is(Kind.OP) && COMPARATORS.contains(token.text())) {
      next();
      Operand right = parseOperand(false);
      checkMisused(left);
      checkMisused(right);
      if (!token.text().equals("=") && !token.text().equals("<>")) {
        checkOrderable(token.text(), List.of(left, right));
      }
      checkDistinct(token.text(), left, right);
      return new Condition.Compare(token.text(), left, right);
    }
    if (token.isKeyword("BETWEEN")) {
      next();
      Operand lower = parseOperand(false);
      expectKeyword("AND");
      Operand upper = parseOperand(false);
      checkMisused(left);
      checkMisused(lower);
      checkMisused(upper);
      checkOrderable("BETWEEN", List.of(left, lower, upper));
      checkBetween(lower, upper);
      return new Condition.Between(left, lower, upper);
    }
    if (token.isKeyword("IN")) {
      next();
      expect(Kind.LPAREN);
      List<Operand> candidates = parseOperandList(false);
      expect(Kind.RPAREN);
      checkMisused(left);
      candidates.forEach(this::checkMisused);
      if (candidates.size() > MAX_IN_OPERANDS) {
        record(
            Category.IN_COUNT,
            "The IN operator is provided with too many operands; number of operands: "
                + candidates.size());
      }
      return new Condition.In(left, candidates);
    }
    if (left instanceof Operand.Function function) {
      if (function.name().equals("size")) {
        record(
            Category.MISUSED_FUNCTION,
            "The function is not allowed to be used this way in an expression; function: size");
      }
      return new Condition.Call(function.name(), function.args());
    }
    throw syntaxError(token);
  }

  private void checkMisused(Operand operand) {
    if (operand instanceof Operand.Function function && !function.name().equals("size")) {
      record(
          Category.MISUSED_FUNCTION,
          "The function is not allowed to be used this way in an expression; function: "
              + function.name());
    }
  }

  /**
   * An ordering operator ({@code < <= > >= BETWEEN}) given an expression attribute value that is
   * not a number, string or binary fails validation; the same type met in an item is merely false.
   */
  private void checkOrderable(String operator, List<Operand> operands) {
    for (Operand operand : operands) {
      String type = operand instanceof Operand.Value ? staticType(operand) : null;
      if (type != null && !type.equals("N") && !type.equals("S") && !type.equals("B")) {
        operandType(operator, type);
        return;
      }
    }
  }

  private void checkDistinct(String operator, Operand left, Operand right) {
    if (left instanceof Operand.Path a && right instanceof Operand.Path b && a.equals(b)) {
      record(
          Category.DISTINCT,
          "The first operand must be distinct from the remaining operands for this operator or"
              + " function; operator: "
              + operator
              + ", first operand: "
              + a.path());
    }
  }

  private void checkBetween(Operand lower, Operand upper) {
    if (lower instanceof Operand.Value low
        && upper instanceof Operand.Value high
        && low.value() != null
        && high.value() != null) {
      String bounds =
          "lower bound operand: AttributeValue: {"
              + describe(low.value())
              + "}, upper bound operand: AttributeValue: {"
              + describe(high.value())
              + "}";
      if (!low.type().equals(high.type())) {
        record(
            Category.FUNCTION,
            "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
      } else if (AttributeValues.comparable(low.value(), high.value())
          && AttributeValues.compare(low.value(), high.value()) > 0) {
        record(
            Category.FUNCTION,
            "The BETWEEN operator requires upper bound to be greater than or equal to lower"
                + " bound; "
                + bounds);
      }
    }
  }

  private static String describe(ObjectNode value) {
    String type = AttributeValues.type(value);
    String content =
        type.equals("B")
            ? java.util.Base64.getEncoder().encodeToString(AttributeValues.bytes(value.get("B")))
            : value.get(type).isValueNode() ? value.get(type).asText() : value.get(type).toString();
    return type + ":" + content;
  }

  // ---------------------------------------------------------------- operands

  /**
   * An operand: a value placeholder, a function call, a document path, or one of those in
   * parentheses. In update expressions ({@code update}) a parenthesised operand may be {@code x +
   * y}.
   */
  private Operand parseOperand(boolean update) {
    Token token = peek();
    if (token.is(Kind.LPAREN)) {
      next();
      Operand operand = update ? parseSetValue() : parseOperand(false);
      expect(Kind.RPAREN);
      return operand;
    }
    if (token.is(Kind.VALUE)) {
      next();
      return value(token);
    }
    if (token.is(Kind.IDENT) && !isKeyword(token) && peekAt(1).is(Kind.LPAREN)) {
      next();
      next();
      List<Operand> args = parseOperandList(update);
      expect(Kind.RPAREN);
      return update ? updateFunction(token.text(), args) : conditionFunction(token.text(), args);
    }
    return new Operand.Path(parsePath());
  }

  private List<Operand> parseOperandList(boolean update) {
    List<Operand> operands = new ArrayList<>();
    operands.add(parseOperand(update));
    while (peek().is(Kind.COMMA)) {
      next();
      operands.add(parseOperand(update));
    }
    return operands;
  }

  private Operand.Value value(Token token) {
    ObjectNode value = attributes.value(token.text());
    if (value == null) {
      record(
          Category.UNDEFINED_VALUE,
          "An expression attribute value used in expression is not defined; attribute value: "
              + token.text());
    }
    return new Operand.Value(token.text(), value);
  }

  private Operand conditionFunction(String name, List<Operand> args) {
    Integer arity = CONDITION_FUNCTIONS.get(name);
    if (arity == null) {
      record(
          Category.UNKNOWN_FUNCTION,
          UPDATE_FUNCTIONS.containsKey(name)
              ? "The function is not allowed in a condition expression; function: " + name
              : "Invalid function name; function: " + name);
      return new Operand.Function(name, args);
    }
    args.forEach(this::checkMisused);
    if (arity != args.size()) {
      record(
          Category.OPERAND_COUNT,
          "Incorrect number of operands for operator or function; operator or function: "
              + name
              + ", number of operands: "
              + args.size());
      return new Operand.Function(name, args);
    }
    if (args.size() == 2) {
      checkDistinct(name, args.get(0), args.get(1));
    }
    switch (name) {
      case "attribute_exists", "attribute_not_exists" -> {
        if (!(args.get(0) instanceof Operand.Path)) {
          record(
              Category.FUNCTION,
              "Operator or function requires a document path; operator or function: " + name);
        }
      }
      case "begins_with" -> {
        for (Operand arg : args) {
          String type = staticType(arg);
          if (type != null && !type.equals("S") && !type.equals("B")) {
            operandType(name, type);
            break;
          }
        }
      }
      case "attribute_type" -> {
        String type = staticType(args.get(1));
        if (!"S".equals(type)) {
          operandType(name, type == null ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : type);
        } else if (args.get(1) instanceof Operand.Value typeName
            && typeName.value() != null
            && !TYPE_NAMES.contains(typeName.value().get("S").asText())) {
          record(
              Category.FUNCTION,
              "Invalid attribute type name found; type: "
                  + typeName.value().get("S").asText()
                  + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        }
      }
      case "size" -> {
        String type = staticType(args.get(0));
        if ("N".equals(type) || "BOOL".equals(type) || "NULL".equals(type)) {
          operandType(name, type);
        }
      }
      default -> {}
    }
    return new Operand.Function(name, args);
  }

  private Operand updateFunction(String name, List<Operand> args) {
    Integer arity = UPDATE_FUNCTIONS.get(name);
    if (arity == null) {
      record(Category.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
      return new Operand.Function(name, args);
    }
    if (arity != args.size()) {
      record(
          Category.OPERAND_COUNT,
          "Incorrect number of operands for operator or function; operator or function: "
              + name
              + ", number of operands: "
              + args.size());
      return new Operand.Function(name, args);
    }
    if (name.equals("if_not_exists")) {
      if (!(args.get(0) instanceof Operand.Path)) {
        record(
            Category.FUNCTION,
            "Operator or function requires a document path; operator or function: " + name);
      }
    } else {
      for (Operand arg : args) {
        String type = arg instanceof Operand.Value ? staticType(arg) : null;
        if (type != null && !type.equals("L")) {
          operandType(name, type);
          break;
        }
      }
    }
    return new Operand.Function(name, args);
  }

  private void operandType(String function, String type) {
    record(
        Category.FUNCTION,
        "Incorrect operand type for operator or function; operator or function: "
            + function
            + ", operand type: "
            + type);
  }

  /** The type an operand is known to have before evaluation, or null. */
  private static String staticType(Operand operand) {
    if (operand instanceof Operand.Value value) {
      return value.value() == null ? null : value.type();
    }
    if (operand instanceof Operand.Function function) {
      return switch (function.name()) {
        case "size" -> "N";
        case "list_append" -> "L";
        case "if_not_exists" ->
            function.args().size() == 2 ? staticType(function.args().get(1)) : null;
        default -> null;
      };
    }
    if (operand instanceof Operand.Arithmetic) {
      return "N";
    }
    return null;
  }

  // ---------------------------------------------------------------- update expressions

  private List<UpdateExpression.Action> parseSections() {
    List<UpdateExpression.Action> actions = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    do {
      Token token = next();
      String section = token.is(Kind.IDENT) ? token.text().toUpperCase(java.util.Locale.ROOT) : "";
      if (!UPDATE_KEYWORDS.contains(section)) {
        throw syntaxError(token);
      }
      if (!seen.add(section)) {
        record(
            Category.SECTION,
            "The \"" + section + "\" section can only be used once in an update expression;");
      }
      UpdateExpression.ActionType type = UpdateExpression.ActionType.valueOf(section);
      do {
        actions.add(parseAction(type));
      } while (peek().is(Kind.COMMA) && next() != null);
    } while (!peek().is(Kind.EOF));
    return actions;
  }

  private UpdateExpression.Action parseAction(UpdateExpression.ActionType type) {
    DocumentPath path = parsePath();
    return switch (type) {
      case SET -> {
        Token equals = next();
        if (!equals.isOp("=")) {
          throw syntaxError(equals);
        }
        yield new UpdateExpression.Action(type, path, parseSetValue());
      }
      case REMOVE -> new UpdateExpression.Action(type, path, null);
      case ADD, DELETE -> {
        Token token = next();
        if (!token.is(Kind.VALUE)) {
          throw syntaxError(token);
        }
        Operand.Value value = value(token);
        if (value.value() != null) {
          String valueType = value.type();
          boolean allowed =
              valueType.equals("SS")
                  || valueType.equals("NS")
                  || valueType.equals("BS")
                  || (type == UpdateExpression.ActionType.ADD && valueType.equals("N"));
          if (!allowed) {
            record(
                Category.OPERAND,
                "Incorrect operand type for operator or function; operator: "
                    + type
                    + ", operand type: "
                    + typeWord(valueType));
          }
        }
        yield new UpdateExpression.Action(type, path, value);
      }
    };
  }

  private static String typeWord(String type) {
    return switch (type) {
      case "S" -> "STRING";
      case "N" -> "NUMBER";
      case "B" -> "BINARY";
      case "BOOL" -> "BOOLEAN";
      case "L" -> "LIST";
      case "M" -> "MAP";
      default -> type;
    };
  }

  /** {@code operand [(+|-) operand]}. */
  private Operand parseSetValue() {
    Operand left = parseOperand(true);
    Token token = peek();
    if (token.isOp("+") || token.isOp("-")) {
      next();
      Operand right = parseOperand(true);
      for (Operand operand : List.of(left, right)) {
        String type = staticType(operand);
        if (type != null && !type.equals("N")) {
          operandType(token.text(), type);
          break;
        }
      }
      return new Operand.Arithmetic(token.text(), left, right);
    }
    return left;
  }

  // ---------------------------------------------------------------- paths

  /** {@code (name | #name) ( . (name | #name) | [ index ] )*}. */
  private DocumentPath parsePath() {
    List<DocumentPath.Element> elements = new ArrayList<>();
    elements.add(new DocumentPath.Key(pathName(next())));
    while (true) {
      Token token = peek();
      if (token.is(Kind.DOT)) {
        next();
        elements.add(new DocumentPath.Key(pathName(next())));
      } else if (token.is(Kind.LBRACKET)) {
        next();
        Token index = next();
        if (!index.is(Kind.INT)) {
          throw syntaxError(index);
        }
        int value;
        try {
          value = Integer.parseInt(index.text());
        } catch (NumberFormatException e) {
          throw syntaxError(index);
        }
        expect(Kind.RBRACKET);
        elements.add(new DocumentPath.Index(value));
      } else {
        return new DocumentPath(elements);
      }
    }
  }

  private String pathName(Token token) {
    if (token.is(Kind.NAME)) {
      String name = attributes.name(token.text());
      if (name == null) {
        record(
            Category.UNDEFINED_NAME,
            "An expression attribute name used in the document path is not defined; attribute"
                + " name: "
                + token.text());
        return token.text();
      }
      return name;
    }
    if (!token.is(Kind.IDENT) || isKeyword(token)) {
      throw syntaxError(token);
    }
    if (ReservedWords.isReserved(token.text())) {
      record(
          Category.RESERVED,
          "Attribute name is a reserved keyword; reserved keyword: " + token.text());
    }
    return token.text();
  }

  private void checkPaths(List<DocumentPath> paths) {
    for (int i = 1; i < paths.size(); i++) {
      for (int j = 0; j < i; j++) {
        DocumentPath one = paths.get(j);
        DocumentPath two = paths.get(i);
        String which = "path one: " + one + ", path two: " + two;
        if (one.conflicts(two)) {
          record(
              Category.CONFLICT,
              "Two document paths conflict with each other; must remove or rewrite one of these"
                  + " paths; "
                  + which);
        } else if (one.overlaps(two)) {
          record(
              Category.OVERLAP,
              "Two document paths overlap with each other; must remove or rewrite one of these"
                  + " paths; "
                  + which);
        }
      }
    }
  }

  // ---------------------------------------------------------------- tokens and errors

  private boolean isKeyword(Token token) {
    return token.is(Kind.IDENT)
        && keywords.contains(token.text().toUpperCase(java.util.Locale.ROOT));
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token token = tokens.get(pos);
    if (pos < tokens.size() - 1) {
      pos++;
    }
    return token;
  }

  private void expect(Kind kind) {
    Token token = next();
    if (!token.is(kind)) {
      throw syntaxError(token);
    }
  }

  private void expectKeyword(String keyword) {
    Token token = next();
    if (!token.isKeyword(keyword)) {
      throw syntaxError(token);
    }
  }

  /**
   * DynamoDB's syntax error: the offending token and the text from the start of the token before it
   * to the end of the offending one.
   */
  private SyntaxError syntaxError(Token token) {
    int index = tokens.indexOf(token);
    int start = index > 0 ? tokens.get(index - 1).start() : token.start();
    int end = token.is(Kind.EOF) && index > 0 ? tokens.get(index - 1).end() : token.end();
    return new SyntaxError(token.text(), text.substring(start, end), token.start());
  }

  private void record(Category category, String message) {
    errors.putIfAbsent(category, message);
  }

  private void report(List<Category> order) {
    for (Category category : order) {
      String message = errors.get(category);
      if (message != null) {
        throw fail(message);
      }
    }
  }

  private AwsException fail(String message) {
    return ExpressionAttributes.invalid("Invalid " + label + ": " + message);
  }
}
