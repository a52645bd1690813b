package dev.basin.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import dev.basin.core.protocol.rest.VirtualHosts;
import dev.basin.s3.store.S3Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CORS for browser requests, from the bucket's stored CORS configuration (kind {@code cors}, the
 * value form of {@code CORSConfiguration}), as S3 evaluates it
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html): the first rule whose
 * AllowedOrigins match {@code Origin} (one {@code *} wildcard each), whose AllowedMethods hold the
 * method and whose AllowedHeaders match every requested header (wildcards, any case) applies.
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is
 * answered here, unsigned as at AWS: 200 with the rule's {@code Access-Control-*} headers, or 403
 * {@code AccessForbidden}. An actual request carrying {@code Origin} that a rule allows gets {@code
 * Access-Control-Allow-Origin} and the rule's other headers added to its response, error or not.
 */
final class S3Cors {
  private static final String KIND = "cors";
  private static final String VARY =
      "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

  private final S3Store store;
  private final List<String> baseDomains;

  /**
   * @param baseDomains the host names whose sub-domains name buckets ({@code bucket.localhost}), as
   *     the REST-XML codec's; {@code bucket.s3.*} always does
   */
  S3Cors(S3Store store, List<String> baseDomains) {
    this.store = store;
    this.baseDomains = List.copyOf(baseDomains);
  }

  /** The answer to a preflight, or null when {@code request} is not an {@code OPTIONS}. */
  WireResponse preflight(WireRequest request) {
    if (!"OPTIONS".equals(request.method())) {
      return null;
    }
    Target target = target(request);
    String origin = request.header("Origin");
    if (origin == null) {
      throw S3Errors.badRequest("Insufficient information. Origin request header needed.");
    }
    String method = request.header("Access-Control-Request-Method");
    if (method == null) {
      throw S3Errors.badRequest("Invalid Access-Control-Request-Method: null");
    }
    String resourceType = target.key() == null ? "BUCKET" : "OBJECT";
    if (target.bucket() == null || store.bucket(target.bucket()).isEmpty()) {
      throw S3Errors.noSuchBucket(target.bucket());
    }
    JsonNode rules =
        store
            .getConfig(target.bucket(), KIND)
            .map(S3Support::fromJson)
            .map(configuration -> configuration.path("CORSRules"))
            .orElseThrow(() -> S3Errors.corsNotEnabled(method, resourceType));
    List<String> requested = headerList(request.header("Access-Control-Request-Headers"));
    JsonNode rule = match(rules, origin, method, requested);
    if (rule == null) {
      throw S3Errors.corsNotAllowed(method, resourceType);
    }
    WireResponse response = new WireResponse(200, new Headers(), ResponseBody.of(new byte[0]));
    allow(response.headers(), rule, origin);
    if (!requested.isEmpty()) {
      response.headers().set("Access-Control-Allow-Headers", String.join(", ", requested));
    }
    return response;
  }

  /** Adds the CORS headers to the response of an actual request that carries an allowed Origin. */
  void addHeaders(WireRequest request, WireResponse response) {
    String origin = request.header("Origin");
    if (origin == null || "OPTIONS".equals(request.method())) {
      return;
    }
    String bucket = target(request).bucket();
    if (bucket == null) {
      return;
    }
    JsonNode rules =
        store
            .getConfig(bucket, KIND)
            .map(S3Support::fromJson)
            .map(configuration -> configuration.path("CORSRules"))
            .orElse(null);
    JsonNode rule = rules == null ? null : match(rules, origin, request.method(), List.of());
    if (rule != null) {
      allow(response.headers(), rule, origin);
    }
  }

  private static void allow(Headers headers, JsonNode rule, String origin) {
    boolean any = false;
    for (JsonNode allowed : rule.path("AllowedOrigins")) {
      any |= allowed.asText().equals("*");
    }
    // As S3: a rule open to every origin answers "*" and no credentials; otherwise the origin.
    headers.set("Access-Control-Allow-Origin", any ? "*" : origin);
    if (!any) {
      headers.set("Access-Control-Allow-Credentials", "true");
    }
    headers.set("Access-Control-Allow-Methods", join(rule.path("AllowedMethods")));
    if (!rule.path("ExposeHeaders").isEmpty()) {
      headers.set("Access-Control-Expose-Headers", join(rule.path("ExposeHeaders")));
    }
    if (rule.hasNonNull("MaxAgeSeconds")) {
      headers.set("Access-Control-Max-Age", rule.path("MaxAgeSeconds").asText());
    }
    headers.set("Vary", VARY);
  }

  /** The first rule allowing {@code origin}, {@code method} and every requested header, or null. */
  static JsonNode match(JsonNode rules, String origin, String method, List<String> headers) {
    for (JsonNode rule : rules) {
      if (anyMatches(rule.path("AllowedOrigins"), origin, false)
          && contains(rule.path("AllowedMethods"), method)
          && allAllowed(rule.path("AllowedHeaders"), headers)) {
        return rule;
      }
    }
    return null;
  }

  private static boolean allAllowed(JsonNode allowedHeaders, List<String> headers) {
    for (String header : headers) {
      if (!anyMatches(allowedHeaders, header, true)) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase) {
    String subject = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    for (JsonNode pattern : patterns) {
      String text = pattern.asText();
      if (wildcard(ignoreCase ? text.toLowerCase(Locale.ROOT) : text, subject)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code value} matches {@code pattern}, where each {@code *} stands for any text. */
  static boolean wildcard(String pattern, String value) {
    int star = pattern.indexOf('*');
    if (star < 0) {
      return pattern.equals(value);
    }
    String prefix = pattern.substring(0, star);
    if (!value.startsWith(prefix)) {
      return false;
    }
    String rest = pattern.substring(star + 1);
    for (int i = prefix.length(); i <= value.length(); i++) {
      if (wildcard(rest, value.substring(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(JsonNode values, String value) {
    for (JsonNode v : values) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String join(JsonNode values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return String.join(", ", out);
  }

  /** {@code Access-Control-Request-Headers}: comma-separated names, lower-cased as browsers do. */
  static List<String> headerList(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String name : value.split(",")) {
      String trimmed = name.trim();
      if (!trimmed.isEmpty()) {
        names.add(trimmed.toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  record Target(String bucket, String key) {}

  /**
   * The bucket and key a request addresses, path style or virtual-hosted ({@link VirtualHosts}, the
   * rules the rest-xml codec routes by).
   */
  Target target(WireRequest request) {
    String path = request.rawPath();
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    String hostBucket = virtualHostBucket(request.header("Host"));
    if (hostBucket != null) {
      return new Target(hostBucket, path.isEmpty() ? null : path);
    }
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String key = slash < 0 || slash == path.length() - 1 ? null : path.substring(slash + 1);
    return new Target(bucket.isEmpty() ? null : bucket, key);
  }

  private String virtualHostBucket(String hostHeader) {
    return VirtualHosts.bucket(hostHeader, baseDomains);
  }
}
