package dev.basin.core.protocol.rest;

import dev.basin.core.model.Location;
import dev.basin.core.model.Member;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.protocol.ProtocolErrors;
import dev.basin.core.protocol.UrlEncoding;
import dev.basin.core.protocol.WireRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Matches a rest request to an operation by HTTP method and {@code requestUri} template.
 *
 * <p>Templates are compiled once per service model into one segment trie per method, so a lookup
 * walks the path's segments once and only compares the few templates that share the path. A
 * template segment is a literal, a {@code {Label}} (one non-empty segment) or a trailing {@code
 * {Label+}} (the non-empty rest of the path, slashes included, kept exactly). A trailing {@code /}
 * is optional on both sides unless a greedy label consumes it, so {@code /{Bucket}} matches {@code
 * /b/} and Lambda's {@code /2015-03-31/functions/} matches {@code /2015-03-31/functions}. The query
 * part's literal keys ({@code ?uploads}, {@code ?list-type=2}) must be present, with the given
 * value when one is given.
 *
 * <p>Among templates that match, the most specific wins: more literal query keys, then more literal
 * segments, then non-greedy before greedy. Operations that share one template (S3's PutObject,
 * CopyObject, UploadPart and UploadPartCopy on {@code PUT /{Bucket}/{Key+}}; GetObject and
 * ListParts) are told apart by {@link #disambiguate}, the one place for such model quirks.
 *
 * <p>Thread safe; the tables are cached per model id and rebuilt if a different model instance with
 * the same id comes along.
 */
final class RestRouter {
  /** S3's newer models add {@code ?x-id=Op} to shared templates; older clients do not send it. */
  private static final String X_ID = "x-id";

  private final Protocol protocol;
  private final Map<String, Table> tables = new ConcurrentHashMap<>();

  RestRouter(Protocol protocol) {
    this.protocol = protocol;
  }

  /** The operation {@code request} (path style) asks for; throws the protocol's errors. */
  OperationModel resolve(ServiceModel service, WireRequest request) {
    Table table = table(service);
    Route route = table.match(request);
    if (route == null) {
      throw ProtocolErrors.unknownOperation(
          protocol, request.method() + " " + request.rawPath(), service.apiVersion());
    }
    if (service.isUnserved(route.operation.name())) {
      throw ProtocolErrors.notImplemented(service.serviceId(), route.operation.name());
    }
    return route.operation;
  }

  /** The decoded URI labels of {@code operation}'s template in {@code rawPath}, by label name. */
  Map<String, String> labels(ServiceModel service, OperationModel operation, String rawPath) {
    Route route = table(service).byOperation.get(operation.name());
    if (route == null || route.labelCount == 0) {
      return Map.of();
    }
    Map<String, String> labels = new HashMap<>(4);
    int position = rawPath.startsWith("/") ? 1 : 0;
    for (Segment segment : route.segments) {
      if (position > rawPath.length()) {
        break;
      }
      if (segment.greedy) {
        labels.put(segment.text, UrlEncoding.decode(rawPath.substring(position), false));
        break;
      }
      int slash = rawPath.indexOf('/', position);
      int end = slash < 0 ? rawPath.length() : slash;
      if (segment.label) {
        labels.put(segment.text, UrlEncoding.decode(rawPath.substring(position, end), false));
      }
      position = end + 1;
    }
    return labels;
  }

  /** The literal query keys of {@code operation}'s template, which are not input members. */
  List<String> literalQueryKeys(ServiceModel service, OperationModel operation) {
    Route route = table(service).byOperation.get(operation.name());
    return route == null ? List.of() : route.queryKeys;
  }

  private Table table(ServiceModel service) {
    Table table = tables.get(service.id());
    if (table == null || table.service != service) {
      table = new Table(service);
      tables.put(service.id(), table);
    }
    return table;
  }

  private record Segment(String text, boolean label, boolean greedy) {}

  private static final class Route {
    final OperationModel operation;
    final int order;
    final List<Segment> segments;
    final int literalSegments;
    final int labelCount;
    final boolean greedy;
    final List<String> queryKeys;
    final List<String> queryValues;
    final String xId;
    final List<Member> requiredLocators;

    Route(OperationModel operation, int order) {
      this.operation = operation;
      this.order = order;
      String uri = operation.requestUri();
      int question = uri.indexOf('?');
      String path = question < 0 ? uri : uri.substring(0, question);
      List<Segment> parsed = new ArrayList<>();
      int literals = 0;
      int labels = 0;
      boolean anyGreedy = false;
      for (String part : path.split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.startsWith("{") && part.endsWith("}")) {
          boolean isGreedy = part.endsWith("+}");
          String name = part.substring(1, part.length() - (isGreedy ? 2 : 1));
          parsed.add(new Segment(name, true, isGreedy));
          labels++;
          anyGreedy |= isGreedy;
        } else {
          parsed.add(new Segment(part, false, false));
          literals++;
        }
      }
      this.segments = List.copyOf(parsed);
      this.literalSegments = literals;
      this.labelCount = labels;
      this.greedy = anyGreedy;
      List<String> keys = new ArrayList<>();
      List<String> values = new ArrayList<>();
      String hint = null;
      if (question >= 0) {
        for (String pair : uri.substring(question + 1).split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int equals = pair.indexOf('=');
          String key = equals < 0 ? pair : pair.substring(0, equals);
          String value = equals < 0 ? null : pair.substring(equals + 1);
          if (X_ID.equals(key)) {
            hint = value;
          } else {
            keys.add(key);
            values.add(value);
          }
        }
      }
      this.queryKeys = List.copyOf(keys);
      this.queryValues = java.util.Collections.unmodifiableList(values);
      this.xId = hint;
      List<Member> locators = new ArrayList<>();
      if (operation.input() != null) {
        for (String name : operation.input().required()) {
          Member member = operation.input().member(name);
          if (member != null
              && (member.location() == Location.HEADER
                  || member.location() == Location.QUERY_STRING)) {
            locators.add(member);
          }
        }
      }
      this.requiredLocators = List.copyOf(locators);
    }

    boolean queryMatches(WireRequest request) {
      for (int i = 0; i < queryKeys.size(); i++) {
        List<String> actual = request.queryParameters().get(queryKeys.get(i));
        if (actual == null) {
          return false;
        }
        String expected = queryValues.get(i);
        if (expected != null && !actual.contains(expected)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final class Node {
    final Map<String, Node> literals = new HashMap<>(4);
    Node label;
    final List<Route> terminal = new ArrayList<>(2);
    final List<Route> greedy = new ArrayList<>(2);
  }

  private static final class Table {
    final ServiceModel service;
    final Map<String, Node> roots = new HashMap<>();
    final Map<String, Route> byOperation = new HashMap<>();

    Table(ServiceModel service) {
      this.service = service;
      int order = 0;
      for (OperationModel operation : service.operations().values()) {
        Route route = new Route(operation, order++);
        byOperation.put(operation.name(), route);
        Node node =
            roots.computeIfAbsent(operation.httpMethod().toUpperCase(Locale.ROOT), m -> new Node());
        for (Segment segment : route.segments) {
          if (segment.greedy) {
            break;
          }
          node =
              segment.label
                  ? (node.label != null ? node.label : (node.label = new Node()))
                  : node.literals.computeIfAbsent(segment.text, s -> new Node());
        }
        (route.greedy ? node.greedy : node.terminal).add(route);
      }
    }

    Route match(WireRequest request) {
      Node root = roots.get(request.method());
      if (root == null) {
        return null;
      }
      String rawPath = request.rawPath();
      int start = rawPath.startsWith("/") ? 1 : 0;
      List<Route> candidates = new ArrayList<>(4);
      collect(root, rawPath, start, request, candidates);
      return best(candidates, request);
    }

    /** Walks the trie from {@code position} of {@code rawPath}, adding every matching route. */
    private static void collect(
        Node node, String rawPath, int position, WireRequest request, List<Route> out) {
      boolean atEnd = position >= rawPath.length();
      if (atEnd) {
        addMatching(node.terminal, request, out);
        return;
      }
      if (!node.greedy.isEmpty()) {
        addMatching(node.greedy, request, out);
      }
      int slash = rawPath.indexOf('/', position);
      int end = slash < 0 ? rawPath.length() : slash;
      if (end == position) {
        return; // an empty segment ("//") matches no label or literal, only a greedy label
      }
      String raw = rawPath.substring(position, end);
      Node literal = node.literals.get(raw.indexOf('%') < 0 ? raw : UrlEncoding.decode(raw, false));
      if (literal != null) {
        collect(literal, rawPath, end + 1, request, out);
      }
      if (node.label != null) {
        collect(node.label, rawPath, end + 1, request, out);
      }
    }

    private static void addMatching(List<Route> routes, WireRequest request, List<Route> out) {
      for (Route route : routes) {
        if (route.queryMatches(request)) {
          out.add(route);
        }
      }
    }

    private static Route best(List<Route> candidates, WireRequest request) {
      if (candidates.size() <= 1) {
        return candidates.isEmpty() ? null : candidates.get(0);
      }
      Route best = null;
      for (Route route : candidates) {
        if (best == null || compare(route, best, request) > 0) {
          best = route;
        }
      }
      return best;
    }

    /** Positive when {@code a} is the more specific match for {@code request}. */
    private static int compare(Route a, Route b, WireRequest request) {
      int byQuery = Integer.compare(a.queryKeys.size(), b.queryKeys.size());
      if (byQuery != 0) {
        return byQuery;
      }
      int bySegments = Integer.compare(a.literalSegments, b.literalSegments);
      if (bySegments != 0) {
        return bySegments;
      }
      if (a.greedy != b.greedy) {
        return a.greedy ? -1 : 1;
      }
      int byQuirk = disambiguate(a, b, request);
      if (byQuirk != 0) {
        return byQuirk;
      }
      return Integer.compare(a.order, b.order);
    }
  }

  /**
   * Tells apart operations that share a template, the one place for such quirks of the models:
   *
   * <ol>
   *   <li>{@code ?x-id=Op} (S3's newer templates) names the operation outright when sent;
   *   <li>otherwise the operation whose required header and query members are all present wins, and
   *       among those the one that requires more of them: {@code x-amz-copy-source} makes a {@code
   *       PUT /{Bucket}/{Key+}} a CopyObject, {@code uploadId} + {@code partNumber} an UploadPart,
   *       all three an UploadPartCopy; {@code uploadId} makes a GET a ListParts;
   *   <li>when nothing tells them apart, the later operation in model order wins (the caller's
   *       final rule), which picks the current one of S3's deprecated pairs such as
   *       GetBucketLifecycle / GetBucketLifecycleConfiguration.
   * </ol>
   */
  private static int disambiguate(Route a, Route b, WireRequest request) {
    String xId = request.queryParameter(X_ID);
    if (xId != null) {
      boolean aNamed = xId.equals(a.operation.name());
      boolean bNamed = xId.equals(b.operation.name());
      if (aNamed != bNamed) {
        return aNamed ? 1 : -1;
      }
    }
    int aMissing = missing(a, request);
    int bMissing = missing(b, request);
    if ((aMissing == 0) != (bMissing == 0)) {
      return aMissing == 0 ? 1 : -1;
    }
    if (aMissing == 0) {
      return Integer.compare(a.requiredLocators.size(), b.requiredLocators.size());
    }
    return Integer.compare(bMissing, aMissing);
  }

  private static int missing(Route route, WireRequest request) {
    int missing = 0;
    for (Member member : route.requiredLocators) {
      boolean present =
          member.location() == Location.HEADER
              ? request.headers().contains(member.wireName())
              : request.queryParameters().containsKey(member.wireName());
      if (!present) {
        missing++;
      }
    }
    return missing;
  }
}
