package dev.basin.iam.policy;

import java.util.List;

/**
 * One key under one operator of a {@code Condition} block, e.g. {@code "StringLike": {"s3:prefix":
 * ["home/*"]}}. Several values are ORed (NOR for negated operators); several keys and several
 * operators are ANDed by the statement.
 *
 * <p>Missing keys, as AWS documents them: the condition is false, except that a negated operator
 * ({@code StringNotEquals}, {@code NotIpAddress}, ...) is true, {@code ...IfExists} is true, {@code
 * ForAllValues:} is true (vacuously) and {@code ForAnyValue:} is false. {@code Null} tests presence
 * itself. An empty value list counts as missing.
 *
 * @param operatorName the operator as written, e.g. {@code ForAnyValue:StringEqualsIfExists}
 * @param key the context key, lower-cased (keys are case-insensitive)
 */
record Condition(
    String operatorName,
    SetQualifier qualifier,
    boolean ifExists,
    String key,
    ConditionOperator operator) {

  /** The {@code ForAnyValue:} / {@code ForAllValues:} prefix, if any. */
  enum SetQualifier {
    NONE,
    FOR_ANY_VALUE,
    FOR_ALL_VALUES
  }

  boolean evaluate(List<String> contextValues, PolicyString.VariableSource variables) {
    boolean present = contextValues != null && !contextValues.isEmpty();
    if (operator instanceof ConditionOperator.NullCheck nullCheck) {
      return nullCheck.test(present);
    }
    if (!present) {
      if (ifExists) {
        return true;
      }
      return switch (qualifier) {
        case FOR_ALL_VALUES -> true;
        case FOR_ANY_VALUE -> false;
        case NONE -> operator.negated();
      };
    }
    boolean negated = operator.negated();
    return switch (qualifier) {
      case FOR_ALL_VALUES -> {
        for (String value : contextValues) {
          if (operator.matchesAny(value, variables) == negated) {
            yield false;
          }
        }
        yield true;
      }
      case FOR_ANY_VALUE -> {
        for (String value : contextValues) {
          if (operator.matchesAny(value, variables) != negated) {
            yield true;
          }
        }
        yield false;
      }
      case NONE -> {
        boolean any = false;
        for (String value : contextValues) {
          if (operator.matchesAny(value, variables)) {
            any = true;
            break;
          }
        }
        yield any != negated;
      }
    };
  }
}
