package dev.basin.core.model;

/** The shape types of the AWS service-model format. */
public enum ShapeType {
  STRUCTURE,
  LIST,
  MAP,
  STRING,
  BOOLEAN,
  BYTE,
  SHORT,
  INTEGER,
  LONG,
  FLOAT,
  DOUBLE,
  BIG_INTEGER,
  BIG_DECIMAL,
  TIMESTAMP,
  BLOB;

  static ShapeType fromModel(String type) {
    return switch (type) {
      case "structure" -> STRUCTURE;
      case "list" -> LIST;
      case "map" -> MAP;
      case "string" -> STRING;
      case "boolean" -> BOOLEAN;
      case "byte" -> BYTE;
      case "short" -> SHORT;
      case "integer" -> INTEGER;
      case "long" -> LONG;
      case "float" -> FLOAT;
      case "double" -> DOUBLE;
      case "bigInteger", "biginteger" -> BIG_INTEGER;
      case "bigDecimal", "bigdecimal" -> BIG_DECIMAL;
      case "timestamp" -> TIMESTAMP;
      case "blob" -> BLOB;
      default -> throw new IllegalArgumentException("unknown shape type " + type);
    };
  }

  public boolean isNumber() {
    return switch (this) {
      case BYTE, SHORT, INTEGER, LONG, FLOAT, DOUBLE, BIG_INTEGER, BIG_DECIMAL -> true;
      case STRUCTURE, LIST, MAP, STRING, BOOLEAN, TIMESTAMP, BLOB -> false;
    };
  }
}
