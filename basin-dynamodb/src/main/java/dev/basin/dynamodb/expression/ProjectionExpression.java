package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed {@code ProjectionExpression}. {@link #project} keeps the structure of nested paths:
 * {@code a.b} yields {@code {"a":{"M":{"b":...}}}}; projected list elements are returned in index
 * order without gaps ({@code l[2]} yields a one-element list), as DynamoDB does.
 */
public final class ProjectionExpression {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final List<DocumentPath> paths;

  private ProjectionExpression(List<DocumentPath> paths) {
    this.paths = List.copyOf(paths);
  }

  /**
   * Parses a projection expression.
   *
   * @throws dev.basin.core.protocol.AwsException ValidationException "Invalid ProjectionExpression:
   *     ..."
   */
  public static ProjectionExpression parse(String text, ExpressionAttributes attributes) {
    return new ProjectionExpression(ExpressionParser.parseProjection(text, attributes));
  }

  /** A projection of {@code paths} as given, without the parser's checks. */
  public static ProjectionExpression of(List<DocumentPath> paths) {
    return new ProjectionExpression(paths);
  }

  public List<DocumentPath> paths() {
    return paths;
  }

  /** The top-level attribute names the projection reads (e.g. to decide on index fetches). */
  public List<String> attributes() {
    return paths.stream().map(DocumentPath::attribute).distinct().toList();
  }

  /** The projected copy of {@code item}; paths the item lacks are left out. */
  public ObjectNode project(JsonNode item) {
    Node root = new Node();
    for (DocumentPath path : paths) {
      JsonNode value = path.resolve(item);
      if (value == null) {
        continue;
      }
      Node node = root;
      List<DocumentPath.Element> elements = path.elements();
      for (int i = 0; i < elements.size(); i++) {
        DocumentPath.Element element = elements.get(i);
        Node child;
        if (element instanceof DocumentPath.Key key) {
          child = node.keys.computeIfAbsent(key.name(), k -> new Node());
        } else {
          child =
              node.indexes.computeIfAbsent(((DocumentPath.Index) element).index(), k -> new Node());
        }
        node = child;
      }
      node.value = value;
    }
    ObjectNode result = NODES.objectNode();
    root.keys.forEach((name, node) -> result.set(name, node.toValue()));
    return result;
  }

  /** A projection tree node: a leaf value, or map keys, or list indexes. */
  private static final class Node {
    final Map<String, Node> keys = new LinkedHashMap<>();
    final TreeMap<Integer, Node> indexes = new TreeMap<>();
    JsonNode value;

    JsonNode toValue() {
      if (value != null) {
        return value.deepCopy();
      }
      ObjectNode wrapper = NODES.objectNode();
      if (!indexes.isEmpty()) {
        ArrayNode list = wrapper.putArray("L");
        indexes.values().forEach(node -> list.add(node.toValue()));
      } else {
        ObjectNode map = wrapper.putObject("M");
        keys.forEach((name, node) -> map.set(name, node.toValue()));
      }
      return wrapper;
    }
  }
}
