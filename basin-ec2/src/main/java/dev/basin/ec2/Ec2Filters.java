package dev.basin.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.protocol.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * EC2's {@code Filter.N.Name / Filter.N.Value.M} semantics: filters are ANDed, the values of one
 * filter ORed, and values may use {@code *} (any run of characters) and {@code ?} (one character).
 * A filter name the operation does not know is an {@code InvalidParameterValue}.
 */
final class Ec2Filters<T> {
  private record Filter(String name, List<String> values) {}

  private final List<Filter> filters = new ArrayList<>();
  private final Map<String, Function<T, String>> attributes;

  /**
   * @param filters the request's {@code Filters} member (a list of {Name, Values}), or null
   * @param attributes the filter names the operation supports, each reading the value to match
   */
  Ec2Filters(JsonNode filters, Map<String, Function<T, String>> attributes) {
    this.attributes = attributes;
    if (filters == null) {
      return;
    }
    for (JsonNode filter : filters) {
      String name = filter.path("Name").asText("");
      if (!attributes.containsKey(name)) {
        throw new AwsException(
            "InvalidParameterValue", 400, "The filter '" + name + "' is invalid");
      }
      List<String> values = new ArrayList<>();
      filter.path("Values").forEach(value -> values.add(value.asText()));
      this.filters.add(new Filter(name, values));
    }
  }

  boolean matches(T item) {
    for (Filter filter : filters) {
      String actual = attributes.get(filter.name).apply(item);
      boolean any = false;
      for (String pattern : filter.values) {
        if (actual != null && wildcardMatch(pattern, actual)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  /** Glob match with {@code *} and {@code ?}, iterative with backtracking to the last star. */
  static boolean wildcardMatch(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
