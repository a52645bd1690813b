package dev.basin.core.protocol.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One segment of dotted query parameter names: the value given for exactly this name (or null) and
 * the segments that follow it. Built by {@link FormDecoder}, read once by a codec; mutable only
 * while it is being built, and confined to the request's thread.
 */
final class FormNode {
  private String value;
  private Map<String, FormNode> children;

  /** The value given for this exact name, or null when only longer names were given. */
  String value() {
    return value;
  }

  /** The child segment {@code name}, or null. */
  FormNode child(String name) {
    return children == null ? null : children.get(name);
  }

  Map<String, FormNode> children() {
    return children == null ? Map.of() : children;
  }

  boolean hasChildren() {
    return children != null && !children.isEmpty();
  }

  /**
   * The children whose names are positive integers, ordered by that integer: the elements of a list
   * or the entries of a map. Other children are ignored.
   */
  List<Indexed> indexed() {
    if (children == null) {
      return List.of();
    }
    List<Indexed> found = new ArrayList<>(children.size());
    for (Map.Entry<String, FormNode> entry : children.entrySet()) {
      int index = index(entry.getKey());
      if (index > 0) {
        found.add(new Indexed(index, entry.getKey(), entry.getValue()));
      }
    }
    found.sort((a, b) -> Integer.compare(a.index, b.index));
    return found;
  }

  /** A child named by a positive integer: its index, its name as sent, and the node. */
  record Indexed(int index, String name, FormNode node) {}

  /** Adds parameter {@code name=value}, splitting the name at its dots; first value wins. */
  void put(String name, String parameterValue) {
    FormNode node = this;
    int start = 0;
    while (true) {
      int dot = name.indexOf('.', start);
      String segment = dot < 0 ? name.substring(start) : name.substring(start, dot);
      node = node.childForWrite(segment);
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    if (node.value == null) {
      node.value = parameterValue;
    }
  }

  private FormNode childForWrite(String segment) {
    if (children == null) {
      children = new HashMap<>(8);
    }
    FormNode child = children.get(segment);
    if (child == null) {
      child = new FormNode();
      children.put(segment, child);
    }
    return child;
  }

  /** The non-negative integer {@code text} spells in decimal digits, or -1 when it is none. */
  private static int index(String text) {
    int length = text.length();
    if (length == 0 || length > 9) {
      return -1;
    }
    int result = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }
}
