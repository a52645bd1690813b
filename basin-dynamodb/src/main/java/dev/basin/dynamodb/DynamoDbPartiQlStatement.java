package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.dynamodb.expression.DocumentPath;
import java.util.List;

/**
 * One parsed PartiQL statement of DynamoDB's subset, with its {@code ?} parameters already bound:
 * every value in the tree is a canonical attribute value.
 */
sealed interface DynamoDbPartiQlStatement {

  /** The table the statement addresses. */
  String table();

  /** True for statements that change items. */
  default boolean writes() {
    return !(this instanceof Select);
  }

  /**
   * {@code SELECT projection FROM table [WHERE where] [ORDER BY key [ASC|DESC]]}.
   *
   * @param projection the selected paths; empty for {@code *}
   * @param where null when absent
   * @param orderBy the attribute of {@code ORDER BY}, or null
   */
  record Select(
      String table, List<DocumentPath> projection, Expr where, String orderBy, boolean descending)
      implements DynamoDbPartiQlStatement {}

  /** {@code INSERT INTO table VALUE item}. */
  record Insert(String table, ObjectNode item) implements DynamoDbPartiQlStatement {}

  /**
   * {@code UPDATE table SET ... REMOVE ... WHERE where [RETURNING ...]}.
   *
   * @param returning {@code ALL_OLD}, {@code UPDATED_OLD}, {@code ALL_NEW}, {@code UPDATED_NEW} or
   *     {@code NONE}: the UpdateItem {@code ReturnValues} it stands for
   */
  record Update(String table, List<Action> actions, Expr where, String returning)
      implements DynamoDbPartiQlStatement {}

  /** {@code DELETE FROM table WHERE where [RETURNING ALL OLD *]}. */
  record Delete(String table, Expr where, boolean returnOld) implements DynamoDbPartiQlStatement {}

  /** One clause of an UPDATE. */
  sealed interface Action {}

  /** {@code SET path = value}; value is a path, a value, {@code +}/{@code -} or a function. */
  record SetAction(DocumentPath path, Expr value) implements Action {}

  /** {@code REMOVE path}. */
  record RemoveAction(DocumentPath path) implements Action {}

  /** An expression of a WHERE clause or a SET value. */
  sealed interface Expr {}

  /** A document path. */
  record PathExpr(DocumentPath path) implements Expr {}

  /** A literal or bound parameter, as a canonical attribute value. */
  record ValueExpr(ObjectNode value) implements Expr {}

  /** {@code left op right}, op one of {@code = <> < <= > >=} (and {@code + -} in SET values). */
  record Compare(String operator, Expr left, Expr right) implements Expr {}

  /** {@code operand BETWEEN lower AND upper}. */
  record Between(Expr operand, Expr lower, Expr upper) implements Expr {}

  /** {@code operand IN [values]}. */
  record In(Expr operand, List<Expr> values) implements Expr {}

  /** {@code left AND right} ({@code and}) or {@code left OR right}. */
  record Logical(boolean and, Expr left, Expr right) implements Expr {}

  /** {@code NOT operand}. */
  record Not(Expr operand) implements Expr {}

  /**
   * {@code path IS [NOT] type}, type one of {@code MISSING NULL BOOLEAN STRING NUMERIC BLOB LIST
   * STRUCT TUPLE}.
   */
  record Is(DocumentPath path, boolean not, String type) implements Expr {}

  /** A function call: {@code begins_with, contains, attribute_type, size, list_append, ...}. */
  record Call(String function, List<Expr> arguments) implements Expr {}
}
