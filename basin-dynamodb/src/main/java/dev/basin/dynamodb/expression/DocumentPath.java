package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A document path after placeholder substitution: a top-level attribute name followed by map keys
 * and list indexes. {@link #toString} is DynamoDB's rendering in error messages, e.g. {@code [a, b,
 * [0]]}.
 */
public record DocumentPath(List<Element> elements) {
  public DocumentPath {
    elements = List.copyOf(elements);
    if (elements.isEmpty() || !(elements.get(0) instanceof Key)) {
      throw new IllegalArgumentException("a path starts with an attribute name");
    }
  }

  /** One step of a path. */
  public sealed interface Element permits Key, Index {}

  /** A map key (or, first, the attribute name). */
  public record Key(String name) implements Element {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A list index. */
  public record Index(int index) implements Element {
    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  /** The top-level attribute the path starts at. */
  public String attribute() {
    return ((Key) elements.get(0)).name();
  }

  public boolean isTopLevel() {
    return elements.size() == 1;
  }

  /**
   * The value at this path in an item, or null when any step is missing, an index is past the end
   * or a step meets a value of the wrong type.
   */
  public JsonNode resolve(JsonNode item) {
    JsonNode current = item.get(attribute());
    for (int i = 1; i < elements.size() && current != null; i++) {
      Element element = elements.get(i);
      if (element instanceof Key key) {
        current = current.has("M") ? current.get("M").get(key.name()) : null;
      } else {
        current = current.has("L") ? current.get("L").get(((Index) element).index()) : null;
      }
    }
    return current;
  }

  /**
   * True if one path equals or is a prefix of the other: DynamoDB's "overlap" between two paths of
   * one update or projection expression.
   */
  boolean overlaps(DocumentPath other) {
    int common = Math.min(elements.size(), other.elements.size());
    return elements.subList(0, common).equals(other.elements.subList(0, common));
  }

  /**
   * True if, before the paths diverge, one goes through a map key where the other goes through a
   * list index: DynamoDB's "conflict".
   */
  boolean conflicts(DocumentPath other) {
    int common = Math.min(elements.size(), other.elements.size());
    for (int i = 0; i < common; i++) {
      Element a = elements.get(i);
      Element b = other.elements.get(i);
      if (a.getClass() != b.getClass()) {
        return true;
      }
      if (!a.equals(b)) {
        return false;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(elements.get(i));
    }
    return text.append(']').toString();
  }
}
