package dev.basin.core.gateway;

import dev.basin.core.auth.CredentialScope;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.protocol.UrlEncoding;
import dev.basin.core.protocol.WireRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the service a request is for, and the protocol it speaks, from what every AWS client sends,
 * in this order:
 *
 * <ol>
 *   <li>{@code X-Amz-Target: Prefix.Operation} names a JSON-protocol service by its target prefix;
 *   <li>{@code smithy-protocol: rpc-v2-cbor} with {@code /service/Name/operation/Op};
 *   <li>the SigV4 credential scope's service (header or presigned query), e.g. {@code sts};
 *   <li>an unsigned query-protocol request's {@code Version} parameter;
 *   <li>the first path segment of a rest-json service's request URIs (e.g. {@code /2015-03-31});
 *   <li>otherwise S3, which owns every other path, when it is registered.
 * </ol>
 */
final class ServiceRouter {
  private final Map<String, ServiceBinding> byTargetPrefix = new HashMap<>();
  private final Map<String, ServiceBinding> bySigningName = new HashMap<>();
  private final Map<String, ServiceBinding> byQueryVersion = new HashMap<>();
  private final Map<String, ServiceBinding> byRestPathPrefix = new HashMap<>();
  private final ServiceBinding s3;

  ServiceRouter(List<ServiceBinding> bindings) {
    ServiceBinding s3Binding = null;
    for (ServiceBinding binding : bindings) {
      ServiceModel model = binding.model();
      if (model.targetPrefix() != null) {
        byTargetPrefix.put(model.targetPrefix(), binding);
      }
      // Several models can share a signing name (dynamodb and its streams, kinesisanalytics v1
      // and v2): those speak JSON and are told apart by their target prefix; the first one
      // registered answers the scope-only lookup.
      bySigningName.putIfAbsent(model.signingName(), binding);
      if (model.speaks(Protocol.QUERY) || model.speaks(Protocol.EC2)) {
        byQueryVersion.put(model.apiVersion(), binding);
      }
      if (model.primaryProtocol() == Protocol.REST_JSON) {
        for (OperationModel operation : model.operations().values()) {
          String prefix = firstSegment(operation.requestUri());
          if (!prefix.isEmpty() && !prefix.startsWith("{")) {
            byRestPathPrefix.putIfAbsent(prefix, binding);
          }
        }
      }
      if ("s3".equals(model.signingName())) {
        s3Binding = binding;
      }
    }
    this.s3 = s3Binding;
  }

  /** The service and protocol, or null when no registered service matches. */
  Route route(WireRequest request, CredentialScope scope) {
    String target = request.header("X-Amz-Target");
    if (target != null) {
      int dot = target.lastIndexOf('.');
      ServiceBinding binding = dot < 0 ? null : byTargetPrefix.get(target.substring(0, dot));
      return binding == null ? null : new Route(binding, Protocol.JSON);
    }
    String smithyProtocol = request.header("smithy-protocol");
    if (smithyProtocol != null && smithyProtocol.equals("rpc-v2-cbor")) {
      String[] parts = request.rawPath().split("/");
      // "", "service", Name, "operation", Op
      ServiceBinding binding = parts.length >= 3 ? byTargetPrefix.get(parts[2]) : null;
      return binding == null ? null : new Route(binding, Protocol.RPC_V2_CBOR);
    }
    if (scope != null) {
      ServiceBinding binding = bySigningName.get(scope.service());
      if (binding != null) {
        return new Route(binding, wireProtocol(binding.model()));
      }
    }
    String version = queryVersion(request);
    if (version != null) {
      ServiceBinding binding = byQueryVersion.get(version);
      if (binding != null) {
        return new Route(binding, wireProtocol(binding.model()));
      }
    }
    if (isFormPost(request)) {
      // An unsigned query-protocol request whose Version names no service here; S3 never takes
      // url-encoded form bodies. When only the headers are known, the body will tell: buffer it.
      return null;
    }
    ServiceBinding rest = byRestPathPrefix.get(firstSegment(request.rawPath()));
    if (rest != null) {
      return new Route(rest, Protocol.REST_JSON);
    }
    return s3 == null ? null : new Route(s3, Protocol.REST_XML);
  }

  /**
   * The protocol of a request that is neither JSON nor CBOR: the service's first protocol of the
   * other families (CloudWatch lists cbor, json, query: a form POST is query).
   */
  private static Protocol wireProtocol(ServiceModel model) {
    for (Protocol protocol : model.protocols()) {
      if (protocol != Protocol.JSON && protocol != Protocol.RPC_V2_CBOR) {
        return protocol;
      }
    }
    return model.primaryProtocol();
  }

  private static boolean isFormPost(WireRequest request) {
    String contentType = request.header("Content-Type");
    return "POST".equals(request.method())
        && contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private static String queryVersion(WireRequest request) {
    String version = request.queryParameter("Version");
    if (version != null) {
      return version;
    }
    byte[] body = request.body().buffered();
    if (body == null || !isFormPost(request)) {
      return null;
    }
    List<String> values =
        UrlEncoding.parseQuery(new String(body, StandardCharsets.UTF_8)).get("Version");
    return values == null ? null : values.get(0);
  }

  private static String firstSegment(String path) {
    int start = path.startsWith("/") ? 1 : 0;
    int end = start;
    while (end < path.length() && path.charAt(end) != '/' && path.charAt(end) != '?') {
      end++;
    }
    return path.substring(start, end);
  }

  /** Whether requests for this binding stream their bodies (S3 objects) rather than buffer. */
  boolean isS3(ServiceBinding binding) {
    return binding == s3;
  }

  record Route(ServiceBinding binding, Protocol protocol) {}
}
