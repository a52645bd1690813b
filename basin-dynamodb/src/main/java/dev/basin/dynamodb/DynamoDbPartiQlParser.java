package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Action;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Between;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Call;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Compare;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Delete;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Expr;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.In;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Insert;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Is;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Logical;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Not;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.PathExpr;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.RemoveAction;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Select;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.SetAction;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Update;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.ValueExpr;
import dev.basin.dynamodb.expression.DocumentPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses DynamoDB's PartiQL subset: {@code SELECT}, {@code INSERT}, {@code UPDATE} and {@code
 * DELETE} on one table, binding {@code ?} to the request's {@code Parameters} in order.
 *
 * <p>Errors are {@code ValidationException}s with DynamoDB's texts: a syntax error is "Statement
 * wasn't well formed, can't be processed: <detail>" (detail "Expected data manipulation" when the
 * statement does not start with a DML keyword, else "Unexpected keyword", "Unexpected token" or
 * "Unexpected end of statement"); fewer parameters than {@code ?} is "Number of parameters in
 * request and statement don't match." (more are ignored, as DynamoDB Local does); clauses DynamoDB
 * rejects (LIMIT, aliases, COUNT, multi-row INSERT, RETURNING on INSERT) carry their own messages.
 */
final class DynamoDbPartiQlParser {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> KEYWORDS =
      Set.of(
          "SELECT",
          "FROM",
          "WHERE",
          "AND",
          "OR",
          "NOT",
          "IN",
          "IS",
          "BETWEEN",
          "INSERT",
          "INTO",
          "VALUE",
          "VALUES",
          "UPDATE",
          "SET",
          "REMOVE",
          "DELETE",
          "RETURNING",
          "ORDER",
          "BY",
          "ASC",
          "DESC",
          "LIMIT",
          "MISSING",
          "NULL",
          "TRUE",
          "FALSE",
          "AS",
          "AT",
          "ON",
          "EXISTS",
          "JOIN");
  private static final Set<String> IS_TYPES =
      Set.of("MISSING", "NULL", "BOOLEAN", "STRING", "NUMERIC", "BLOB", "LIST", "STRUCT", "TUPLE");
  private static final Set<String> FUNCTIONS =
      Set.of(
          "begins_with",
          "contains",
          "attribute_type",
          "size",
          "list_append",
          "set_add",
          "set_delete",
          "if_not_exists");

  private enum Kind {
    IDENT,
    QUOTED_IDENT,
    STRING,
    NUMBER,
    PUNCT,
    PARAM,
    EOF
  }

  private record Token(Kind kind, String text) {
    boolean is(String punct) {
      return kind == Kind.PUNCT && text.equals(punct);
    }

    boolean keyword(String word) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(word);
    }

    boolean isKeyword() {
      return kind == Kind.IDENT && KEYWORDS.contains(text.toUpperCase(Locale.ROOT));
    }
  }

  private final List<Token> tokens;
  private final JsonNode parameters;
  private int position;
  private int parameterIndex;

  private DynamoDbPartiQlParser(List<Token> tokens, JsonNode parameters) {
    this.tokens = tokens;
    this.parameters = parameters;
  }

  /**
   * Parses a statement.
   *
   * @param parameters the request's {@code Parameters} (attribute values), or null
   */
  static DynamoDbPartiQlStatement parse(String statement, JsonNode parameters) {
    DynamoDbPartiQlParser parser = new DynamoDbPartiQlParser(lex(statement), parameters);
    return parser.statement();
  }

  // ---------------------------------------------------------------- errors

  static AwsException malformed(String detail) {
    return DynamoDbErrors.validation("Statement wasn't well formed, can't be processed: " + detail);
  }

  private AwsException unexpected() {
    Token token = peek();
    if (token.kind() == Kind.EOF) {
      return malformed("Unexpected end of statement");
    }
    return malformed(token.isKeyword() ? "Unexpected keyword" : "Unexpected token");
  }

  // ---------------------------------------------------------------- lexer

  private static List<Token> lex(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw malformed(c == '\'' ? "Unterminated string literal" : "Unterminated identifier");
          }
          char d = text.charAt(j);
          if (d == c) {
            if (j + 1 < n && text.charAt(j + 1) == c) {
              value.append(c);
              j += 2;
              continue;
            }
            break;
          }
          value.append(d);
          j++;
        }
        tokens.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_IDENT, value.toString()));
        i = j + 1;
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
        int j = i;
        while (j < n && Character.isDigit(text.charAt(j))) {
          j++;
        }
        if (j < n && text.charAt(j) == '.') {
          j++;
          while (j < n && Character.isDigit(text.charAt(j))) {
            j++;
          }
        }
        if (j < n && (text.charAt(j) == 'e' || text.charAt(j) == 'E')) {
          int k = j + 1;
          if (k < n && (text.charAt(k) == '+' || text.charAt(k) == '-')) {
            k++;
          }
          if (k < n && Character.isDigit(text.charAt(k))) {
            j = k;
            while (j < n && Character.isDigit(text.charAt(j))) {
              j++;
            }
          }
        }
        tokens.add(new Token(Kind.NUMBER, text.substring(i, j)));
        i = j;
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int j = i + 1;
        while (j < n
            && (Character.isLetterOrDigit(text.charAt(j))
                || text.charAt(j) == '_'
                || text.charAt(j) == '$')) {
          j++;
        }
        tokens.add(new Token(Kind.IDENT, text.substring(i, j)));
        i = j;
      } else if (c == '?') {
        tokens.add(new Token(Kind.PARAM, "?"));
        i++;
      } else {
        String two = i + 1 < n ? text.substring(i, i + 2) : "";
        if (two.equals("<=")
            || two.equals(">=")
            || two.equals("<>")
            || two.equals("!=")
            || two.equals("<<")
            || two.equals(">>")) {
          tokens.add(new Token(Kind.PUNCT, two));
          i += 2;
        } else if ("()[]{},.:;*=<>+-".indexOf(c) >= 0) {
          tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
          i++;
        } else {
          throw malformed("Unexpected token");
        }
      }
    }
    tokens.add(new Token(Kind.EOF, ""));
    return tokens;
  }

  // ---------------------------------------------------------------- helpers

  private Token peek() {
    return tokens.get(position);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(position + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token token = tokens.get(position);
    if (token.kind() != Kind.EOF) {
      position++;
    }
    return token;
  }

  private void expect(String punct) {
    if (!peek().is(punct)) {
      throw unexpected();
    }
    next();
  }

  private void expectKeyword(String word) {
    if (!peek().keyword(word)) {
      throw unexpected();
    }
    next();
  }

  private boolean acceptKeyword(String word) {
    if (peek().keyword(word)) {
      next();
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- statements

  private DynamoDbPartiQlStatement statement() {
    Token first = peek();
    DynamoDbPartiQlStatement statement;
    if (first.keyword("SELECT")) {
      statement = select();
    } else if (first.keyword("INSERT")) {
      statement = insert();
    } else if (first.keyword("UPDATE")) {
      statement = update();
    } else if (first.keyword("DELETE")) {
      statement = delete();
    } else {
      throw malformed("Expected data manipulation");
    }
    if (peek().is(";")) {
      next();
    }
    if (peek().kind() != Kind.EOF) {
      if (peek().keyword("LIMIT")) {
        throw DynamoDbErrors.validation("Unsupported clause: LIMIT");
      }
      throw unexpected();
    }
    return statement;
  }

  private Select select() {
    expectKeyword("SELECT");
    List<DocumentPath> projection = new ArrayList<>();
    boolean star = false;
    Set<String> names = new HashSet<>();
    do {
      if (peek().is("*")) {
        next();
        star = true;
      } else {
        if (peek().kind() == Kind.IDENT && peek(1).is("(")) {
          throw DynamoDbErrors.validation(
              "Unsupported operation: "
                  + peek().text().toUpperCase(Locale.ROOT)
                  + " in projection");
        }
        if (peek().keyword("VALUE")) {
          throw DynamoDbErrors.validation(
              "Select projection doesn't support value or pivot keywords");
        }
        DocumentPath path = path();
        if (peek().keyword("AS")
            || (peek().kind() == Kind.IDENT && !peek().isKeyword())
            || peek().kind() == Kind.QUOTED_IDENT) {
          throw DynamoDbErrors.validation("Aliasing is not supported");
        }
        String name = DynamoDbPartiQlOperations.projectedName(path);
        if (!names.add(name)) {
          throw DynamoDbErrors.validation("Duplicate identifiers in select clause: " + name);
        }
        projection.add(path);
      }
    } while (acceptPunct(","));
    if (star && !projection.isEmpty()) {
      throw DynamoDbErrors.validation(
          "Other attributes should not be present in the projection when '*' is used.");
    }
    expectKeyword("FROM");
    String table = tableName();
    if (peek().is(".")) {
      throw new AwsException(
          "NotImplemented", 501, "Basin does not run PartiQL statements on secondary indexes yet");
    }
    if (peek().is(",") || peek().keyword("JOIN")) {
      throw DynamoDbErrors.validation("Only select from a single table or index is supported.");
    }
    Expr where = null;
    if (acceptKeyword("WHERE")) {
      where = condition();
    }
    String orderBy = null;
    boolean descending = false;
    if (acceptKeyword("ORDER")) {
      expectKeyword("BY");
      DocumentPath path = path();
      if (!path.isTopLevel()) {
        throw DynamoDbErrors.validation(
            "Variable reference "
                + path.attribute()
                + " in ORDER BY clause must be part of the"
                + " primary key");
      }
      orderBy = path.attribute();
      if (acceptKeyword("DESC")) {
        descending = true;
      } else {
        acceptKeyword("ASC");
      }
      if (where == null) {
        throw DynamoDbErrors.validation(
            "Must have WHERE clause in the statement when using ORDER BY clause.");
      }
    }
    return new Select(table, List.copyOf(projection), where, orderBy, descending);
  }

  private boolean acceptPunct(String punct) {
    if (peek().is(punct)) {
      next();
      return true;
    }
    return false;
  }

  private Insert insert() {
    expectKeyword("INSERT");
    expectKeyword("INTO");
    String table = tableName();
    if (peek().keyword("AS") || peek().keyword("AT")) {
      throw DynamoDbErrors.validation("AT is not supported in insert statements.");
    }
    if (peek().keyword("VALUES")) {
      throw DynamoDbErrors.validation(
          "Unsupported operation: Inserting multiple items in a single statement is not"
              + " supported, use \"INSERT INTO tableName VALUE item\" instead");
    }
    expectKeyword("VALUE");
    if (!peek().is("{") && peek().kind() != Kind.PARAM) {
      throw DynamoDbErrors.validation(
          "Unsupported format in item expression. Please use struct format {...} to express item"
              + " values for insert statement.");
    }
    ObjectNode value = value();
    if (!AttributeValues.type(value).equals("M")) {
      throw DynamoDbErrors.validation(
          "Unsupported format in item expression. Please use struct format {...} to express item"
              + " values for insert statement.");
    }
    if (peek().keyword("RETURNING")) {
      throw DynamoDbErrors.validation("RETURNING is not supported in INSERT");
    }
    if (peek().keyword("ON")) {
      throw DynamoDbErrors.validation("Unsupported clause: ON CONFLICT");
    }
    return new Insert(table, (ObjectNode) value.get("M"));
  }

  private Update update() {
    expectKeyword("UPDATE");
    String table = tableName();
    List<Action> actions = new ArrayList<>();
    while (true) {
      if (acceptKeyword("SET")) {
        do {
          DocumentPath path = path();
          expect("=");
          actions.add(new SetAction(path, setValue()));
        } while (acceptPunct(","));
      } else if (acceptKeyword("REMOVE")) {
        do {
          actions.add(new RemoveAction(path()));
        } while (acceptPunct(","));
      } else {
        break;
      }
    }
    if (actions.isEmpty()) {
      throw unexpected();
    }
    expectKeyword("WHERE");
    Expr where = condition();
    String returning = "NONE";
    if (acceptKeyword("RETURNING")) {
      returning = returning();
    }
    return new Update(table, List.copyOf(actions), where, returning);
  }

  /** {@code (ALL|MODIFIED) (OLD|NEW) *}, as UpdateItem's ReturnValues. */
  private String returning() {
    String scope;
    if (acceptKeyword("ALL")) {
      scope = "ALL";
    } else if (acceptKeyword("MODIFIED")) {
      scope = "UPDATED";
    } else {
      throw unexpected();
    }
    String age;
    if (acceptKeyword("OLD")) {
      age = "OLD";
    } else if (acceptKeyword("NEW")) {
      age = "NEW";
    } else {
      throw unexpected();
    }
    if (!acceptPunct("*")) {
      throw DynamoDbErrors.validation(
          "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
    }
    return scope + "_" + age;
  }

  private Delete delete() {
    expectKeyword("DELETE");
    expectKeyword("FROM");
    String table = tableName();
    expectKeyword("WHERE");
    Expr where = condition();
    boolean returnOld = false;
    if (acceptKeyword("RETURNING")) {
      String returning = returning();
      if (!returning.equals("ALL_OLD")) {
        throw DynamoDbErrors.validation(
            "Invalid returning clause: RETURNING "
                + returning.replace("UPDATED", "MODIFIED").replace('_', ' ')
                + " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
      }
      returnOld = true;
    }
    return new Delete(table, where, returnOld);
  }

  private String tableName() {
    Token token = next();
    if (token.kind() == Kind.QUOTED_IDENT || (token.kind() == Kind.IDENT && !token.isKeyword())) {
      String name = token.text();
      if (name.length() < 3 || name.length() > 255 || !TableKeys.validName(name)) {
        throw DynamoDbErrors.validation(
            "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z',"
                + " '0-9', '-', '_', '.'.");
      }
      return name;
    }
    position--;
    throw unexpected();
  }

  // ---------------------------------------------------------------- paths

  private DocumentPath path() {
    List<DocumentPath.Element> elements = new ArrayList<>();
    elements.add(new DocumentPath.Key(name()));
    while (true) {
      if (peek().is(".")) {
        next();
        elements.add(new DocumentPath.Key(name()));
      } else if (peek().is("[")) {
        next();
        Token index = next();
        if (index.kind() != Kind.NUMBER || !index.text().chars().allMatch(Character::isDigit)) {
          position--;
          throw unexpected();
        }
        elements.add(new DocumentPath.Index(Integer.parseInt(index.text())));
        expect("]");
      } else {
        return new DocumentPath(elements);
      }
    }
  }

  private String name() {
    Token token = peek();
    if (token.kind() == Kind.QUOTED_IDENT || (token.kind() == Kind.IDENT && !token.isKeyword())) {
      next();
      if (token.text().isEmpty()) {
        throw DynamoDbErrors.validation("Path component cannot be an empty string");
      }
      return token.text();
    }
    throw unexpected();
  }

  // ---------------------------------------------------------------- conditions

  private Expr condition() {
    Expr left = conjunction();
    while (acceptKeyword("OR")) {
      left = new Logical(false, left, conjunction());
    }
    return left;
  }

  private Expr conjunction() {
    Expr left = negation();
    while (acceptKeyword("AND")) {
      left = new Logical(true, left, negation());
    }
    return left;
  }

  private Expr negation() {
    if (acceptKeyword("NOT")) {
      return new Not(negation());
    }
    return predicate();
  }

  private Expr predicate() {
    if (peek().keyword("EXISTS")) {
      throw DynamoDbErrors.validation(
          "EXISTS can only be used in ExecuteTransaction write requests.");
    }
    if (peek().is("(")) {
      next();
      Expr inner = condition();
      expect(")");
      return inner;
    }
    Expr left = operand();
    Token token = peek();
    if (token.kind() == Kind.PUNCT) {
      String op =
          switch (token.text()) {
            case "=", "<>", "<", "<=", ">", ">=" -> token.text();
            case "!=" -> "<>";
            default -> null;
          };
      if (op != null) {
        next();
        Expr right = operand();
        checkNotMissing(left, right);
        return new Compare(op, left, right);
      }
    }
    if (acceptKeyword("BETWEEN")) {
      Expr lower = operand();
      expectKeyword("AND");
      return new Between(left, lower, operand());
    }
    boolean not = false;
    if (peek().keyword("NOT") && peek(1).keyword("IN")) {
      next();
      not = true;
    }
    if (acceptKeyword("IN")) {
      List<Expr> values = new ArrayList<>();
      String close;
      if (acceptPunct("[")) {
        close = "]";
      } else if (acceptPunct("(")) {
        close = ")";
      } else {
        throw DynamoDbErrors.validation(
            "IN operator must have a left hand argument of type Variable Reference and right hand"
                + " argument of type Seq with at least one member");
      }
      if (!peek().is(close)) {
        do {
          values.add(operand());
        } while (acceptPunct(","));
      }
      expect(close);
      if (values.isEmpty() || !(left instanceof PathExpr)) {
        throw DynamoDbErrors.validation(
            "IN operator must have a left hand argument of type Variable Reference and right hand"
                + " argument of type Seq with at least one member");
      }
      In in = new In(left, List.copyOf(values));
      return not ? new Not(in) : in;
    }
    if (acceptKeyword("IS")) {
      boolean negated = acceptKeyword("NOT");
      Token type = next();
      String typeName = type.text().toUpperCase(Locale.ROOT);
      if (type.kind() != Kind.IDENT || !IS_TYPES.contains(typeName)) {
        throw DynamoDbErrors.validation(
            "Unsupported data type for IS operator: "
                + type.text()
                + ". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC,"
                + " STRUCT, TUPLE, LIST]");
      }
      if (!(left instanceof PathExpr path)) {
        throw DynamoDbErrors.validation(
            "The left hand side argument to IS must be a Variable Reference, Literal, or Path");
      }
      return new Is(path.path(), negated, typeName);
    }
    if (left instanceof Call) {
      return left;
    }
    if (left instanceof PathExpr || left instanceof ValueExpr) {
      throw DynamoDbErrors.validation(
          "WHERE clause must contain an expression that resolves to a boolean");
    }
    throw unexpected();
  }

  private static void checkNotMissing(Expr left, Expr right) {
    if (left == MISSING || right == MISSING) {
      throw DynamoDbErrors.validation("MISSING must be compared using IS operator");
    }
  }

  /** Marks the literal {@code MISSING}, only valid after IS. */
  private static final Expr MISSING = new ValueExpr(NODES.objectNode().put("NULL", true));

  /** A path, a value, or a function call. */
  private Expr operand() {
    Token token = peek();
    if (token.kind() == Kind.IDENT && peek(1).is("(") && !token.isKeyword()) {
      String function = token.text().toLowerCase(Locale.ROOT);
      if (!FUNCTIONS.contains(function)) {
        throw DynamoDbErrors.validation("Unrecognized function: " + token.text());
      }
      next();
      next();
      List<Expr> arguments = new ArrayList<>();
      if (!peek().is(")")) {
        do {
          arguments.add(operand());
        } while (acceptPunct(","));
      }
      expect(")");
      return new Call(function, List.copyOf(arguments));
    }
    if (token.keyword("MISSING")) {
      next();
      return MISSING;
    }
    if (token.kind() == Kind.QUOTED_IDENT || (token.kind() == Kind.IDENT && !token.isKeyword())) {
      return new PathExpr(path());
    }
    return new ValueExpr(value());
  }

  /** A SET value: an operand, optionally {@code + operand} or {@code - operand}. */
  private Expr setValue() {
    Expr left = operand();
    if (peek().is("+") || peek().is("-")) {
      String op = next().text();
      return new Compare(op, left, operand());
    }
    return left;
  }

  // ---------------------------------------------------------------- values

  /** A literal or parameter, as a canonical attribute value. */
  private ObjectNode value() {
    if (peek().kind() == Kind.EOF) {
      throw unexpected();
    }
    Token token = next();
    switch (token.kind()) {
      case STRING:
        return AttributeValues.string(token.text());
      case NUMBER:
        return number(token.text());
      case PARAM:
        return parameter();
      case IDENT:
        if (token.keyword("TRUE") || token.keyword("FALSE")) {
          return NODES.objectNode().put("BOOL", token.keyword("TRUE"));
        }
        if (token.keyword("NULL")) {
          return NODES.objectNode().put("NULL", true);
        }
        break;
      case PUNCT:
        switch (token.text()) {
          case "-", "+" -> {
            Token number = next();
            if (number.kind() != Kind.NUMBER) {
              position--;
              throw unexpected();
            }
            return number(token.text().equals("-") ? "-" + number.text() : number.text());
          }
          case "[" -> {
            ArrayNode list = NODES.arrayNode();
            if (!peek().is("]")) {
              do {
                list.add(value());
              } while (acceptPunct(","));
            }
            expect("]");
            return (ObjectNode) NODES.objectNode().set("L", list);
          }
          case "{" -> {
            ObjectNode map = NODES.objectNode();
            if (!peek().is("}")) {
              do {
                Token key = next();
                if (key.kind() != Kind.STRING) {
                  position--;
                  throw unexpected();
                }
                expect(":");
                if (map.has(key.text())) {
                  throw DynamoDbErrors.validation(
                      "Duplicate keys in tuple. Key: " + key.text() + " under item");
                }
                map.set(key.text(), value());
              } while (acceptPunct(","));
            }
            expect("}");
            return (ObjectNode) NODES.objectNode().set("M", map);
          }
          case "<<" -> {
            return bag();
          }
          default -> {}
        }
        break;
      default:
        break;
    }
    position--;
    throw unexpected();
  }

  private ObjectNode bag() {
    List<ObjectNode> elements = new ArrayList<>();
    if (!peek().is(">>")) {
      do {
        elements.add(value());
      } while (acceptPunct(","));
    }
    expect(">>");
    if (elements.isEmpty()) {
      throw DynamoDbErrors.validation("Empty bags are not supported");
    }
    String elementType = AttributeValues.type(elements.get(0));
    String setType =
        switch (elementType) {
          case "S" -> "SS";
          case "N" -> "NS";
          case "B" -> "BS";
          default -> null;
        };
    ArrayNode content = NODES.arrayNode();
    for (ObjectNode element : elements) {
      if (setType == null || !AttributeValues.type(element).equals(elementType)) {
        throw DynamoDbErrors.validation(
            "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in"
                + " bags");
      }
      content.add(element.get(elementType));
    }
    ObjectNode set = NODES.objectNode();
    set.set(setType, content);
    return AttributeValues.canonicalValue(set);
  }

  private static ObjectNode number(String text) {
    ObjectNode value = NODES.objectNode().put("N", text);
    return AttributeValues.canonicalValue(value);
  }

  private ObjectNode parameter() {
    if (parameters == null || parameterIndex >= parameters.size()) {
      throw DynamoDbErrors.validation("Number of parameters in request and statement don't match.");
    }
    return AttributeValues.canonicalValue(parameters.get(parameterIndex++));
  }
}
