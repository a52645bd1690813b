package dev.basin.core.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.basin.core.model.Location;
import dev.basin.core.model.Member;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.Shape;
import dev.basin.core.model.ShapeType;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.ProtocolCodec;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code rest-xml} protocol (S3): operations by method and URI template, members in labels,
 * query string and headers, the body either one payload member (a raw or streamed blob, or one XML
 * element) or the remaining members as one XML document.
 *
 * <p><b>S3 virtual-hosted style.</b> For a service whose endpoint prefix is {@code s3}, {@link
 * #pathStyle} rewrites a request addressed to {@code bucket.s3.localhost:4566}, {@code
 * bucket.s3.amazonaws.com}, {@code bucket.s3.eu-west-1.amazonaws.com} or {@code
 * bucket.<base-domain>} (base domains default to {@code localhost}) to the path-style request
 * {@code /bucket/key} before routing and decoding. The rewrite lives in the codec, not the gateway,
 * so both {@link #resolveOperation} and {@link #decodeInput} see the same path without the caller
 * passing anything; a host {@code s3.<base-domain>} is path style (no bucket).
 *
 * <p>Errors are S3's {@code <Error><Code/><Message/>…<RequestId/><HostId/></Error>}; HEAD responses
 * carry headers only.
 */
public final class RestXmlCodec implements ProtocolCodec {
  private static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final String XML = "application/xml";

  /**
   * S3's response root elements, which botocore's model leaves out (its output shapes have no
   * {@code locationName}); used only when the model gives no name.
   */
  private static final Map<String, String> S3_ROOTS =
      Map.ofEntries(
          Map.entry("ListObjects", "ListBucketResult"),
          Map.entry("ListObjectsV2", "ListBucketResult"),
          Map.entry("ListObjectVersions", "ListVersionsResult"),
          Map.entry("ListBuckets", "ListAllMyBucketsResult"),
          Map.entry("ListMultipartUploads", "ListMultipartUploadsResult"),
          Map.entry("ListParts", "ListPartsResult"),
          Map.entry("CreateMultipartUpload", "InitiateMultipartUploadResult"),
          Map.entry("CompleteMultipartUpload", "CompleteMultipartUploadResult"),
          Map.entry("DeleteObjects", "DeleteResult"),
          Map.entry("GetBucketVersioning", "VersioningConfiguration"),
          Map.entry("GetBucketLocation", "LocationConstraint"),
          Map.entry("GetBucketAcl", "AccessControlPolicy"),
          Map.entry("GetObjectAcl", "AccessControlPolicy"),
          Map.entry("GetBucketTagging", "Tagging"),
          Map.entry("GetObjectTagging", "Tagging"),
          Map.entry("GetBucketCors", "CORSConfiguration"),
          Map.entry("GetBucketLifecycleConfiguration", "LifecycleConfiguration"),
          Map.entry("GetBucketNotificationConfiguration", "NotificationConfiguration"),
          Map.entry("GetBucketLogging", "BucketLoggingStatus"),
          Map.entry("GetBucketWebsite", "WebsiteConfiguration"),
          Map.entry("GetBucketRequestPayment", "RequestPaymentConfiguration"),
          Map.entry("GetBucketAccelerateConfiguration", "AccelerateConfiguration"),
          Map.entry("GetObjectAttributes", "GetObjectAttributesResponse"));

  private final RestRouter router = new RestRouter(Protocol.REST_XML);
  private final List<String> baseDomains;

  /** A codec whose S3 virtual hosts are {@code bucket.s3.*} and {@code bucket.localhost}. */
  public RestXmlCodec() {
    this(List.of("localhost"));
  }

  /**
   * @param baseDomains the gateway's own host names, lower case: {@code bucket.<domain>} addresses
   *     a bucket; {@code bucket.s3.*} always does
   */
  public RestXmlCodec(List<String> baseDomains) {
    this.baseDomains = List.copyOf(baseDomains);
  }

  @Override
  public Protocol protocol() {
    return Protocol.REST_XML;
  }

  @Override
  public OperationModel resolveOperation(ServiceModel service, WireRequest request) {
    return router.resolve(service, pathStyle(service, request));
  }

  @Override
  public ObjectNode decodeInput(
      ServiceModel service, OperationModel operation, WireRequest original) {
    return RestBindings.decodeInput(
        Protocol.REST_XML,
        router,
        service,
        operation,
        pathStyle(service, original),
        (member, shape, body) ->
            RestXmlBodies.read(Protocol.REST_XML, member != null ? member : root(shape), body));
  }

  /** The pseudo-member whose element is a body holding an input's members. */
  private static Member root(Shape shape) {
    return new Member(
        shape.name(),
        shape,
        Location.BODY,
        null,
        null,
        false,
        false,
        null,
        null,
        false,
        false,
        false,
        false);
  }

  @Override
  public WireResponse encodeOutput(
      ServiceModel service, OperationModel operation, JsonNode output, ResponseMeta meta) {
    Headers headers = new Headers();
    Shape shape = operation.output();
    int status = RestBindings.encodeNonBody(shape, output, operation.responseCode(), headers);
    if (shape == null || output == null || meta.headRequest()) {
      return new WireResponse(status, headers, ResponseBody.EMPTY);
    }
    String payloadName = shape.payloadMember();
    if (payloadName != null) {
      Member payload = shape.member(payloadName);
      JsonNode value = output.get(payloadName);
      if (value == null || value.isNull()) {
        return new WireResponse(status, headers, ResponseBody.EMPTY);
      }
      Shape target = payload.target();
      if (target.type() == ShapeType.STRUCTURE) {
        String root =
            payload.locationName() != null
                ? payload.locationName()
                : target.locationName() != null ? target.locationName() : target.name();
        String namespace =
            payload.xmlNamespaceUri() != null
                ? payload.xmlNamespaceUri()
                : target.xmlNamespaceUri() != null
                    ? target.xmlNamespaceUri()
                    : defaultNamespace(service);
        headers.set("Content-Type", XML);
        return new WireResponse(
            status, headers, ResponseBody.of(RestXmlBodies.write(root, namespace, target, value)));
      }
      return new WireResponse(status, headers, rawPayload(value));
    }
    if (!anyBodyMember(shape, output)) {
      return new WireResponse(status, headers, ResponseBody.EMPTY);
    }
    headers.set("Content-Type", XML);
    String namespace =
        shape.xmlNamespaceUri() != null ? shape.xmlNamespaceUri() : defaultNamespace(service);
    String root = rootName(service, operation, shape);
    if ("LocationConstraint".equals(root) && shape.members().size() == 1) {
      // S3 GetBucketLocation: the root element is the one member itself, text content only
      Member only = shape.members().values().iterator().next();
      return new WireResponse(
          status,
          headers,
          ResponseBody.of(
              RestXmlBodies.write(root, namespace, only.target(), output.get(only.name()))));
    }
    return new WireResponse(
        status, headers, ResponseBody.of(RestXmlBodies.write(root, namespace, shape, output)));
  }

  /**
   * The body of a non-structure payload: a {@link ResponseBody} in a POJONode passes through as is
   * (a file region stays zero-copy); blobs as their bytes; strings as UTF-8.
   */
  static ResponseBody rawPayload(JsonNode value) {
    if (value instanceof POJONode pojo) {
      Object held = pojo.getPojo();
      if (held instanceof ResponseBody body) {
        return body;
      }
      if (held instanceof byte[] bytes) {
        return ResponseBody.of(bytes);
      }
      throw new IllegalArgumentException("payload POJO must be a ResponseBody, not " + held);
    }
    if (value.isBinary()) {
      return ResponseBody.of(((BinaryNode) value).binaryValue());
    }
    if (value.isTextual()) {
      return ResponseBody.of(value.textValue());
    }
    return ResponseBody.of(value.toString());
  }

  private static boolean anyBodyMember(Shape shape, JsonNode output) {
    for (Member member : shape.members().values()) {
      if (member.location() == Location.BODY) {
        JsonNode value = output.get(member.name());
        if (value != null && !value.isNull()) {
          return true;
        }
      }
    }
    return false;
  }

  private static String rootName(ServiceModel service, OperationModel operation, Shape shape) {
    if (shape.locationName() != null) {
      return shape.locationName();
    }
    if (isS3(service)) {
      String root = S3_ROOTS.get(operation.name());
      if (root != null) {
        return root;
      }
    }
    return shape.name();
  }

  private static String defaultNamespace(ServiceModel service) {
    if (service.xmlNamespace() != null) {
      return service.xmlNamespace();
    }
    return isS3(service) ? S3_NAMESPACE : null;
  }

  private static boolean isS3(ServiceModel service) {
    return "s3".equals(service.endpointPrefix());
  }

  @Override
  public WireResponse encodeError(
      ServiceModel service, OperationModel operation, AwsException error, ResponseMeta meta) {
    Headers headers = new Headers();
    error.headers().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
    if (meta.headRequest() || error.status() == 304) {
      // HEAD responses and 304 Not Modified carry no body (RFC 9110).
      return new WireResponse(error.status(), headers, ResponseBody.EMPTY);
    }
    headers.set("Content-Type", XML);
    StringBuilder xml = new StringBuilder(256);
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
        .append(RestXmlBodies.escape(error.code()))
        .append("</Code><Message>")
        .append(RestXmlBodies.escape(error.getMessage() == null ? "" : error.getMessage()))
        .append("</Message>");
    for (Map.Entry<String, Object> field : error.fields().entrySet()) {
      appendField(xml, field.getKey(), field.getValue());
    }
    String requestId = meta.requestId() == null ? "" : meta.requestId();
    xml.append("<RequestId>")
        .append(RestXmlBodies.escape(requestId))
        .append("</RequestId><HostId>")
        .append(Base64.getEncoder().encodeToString(requestId.getBytes(StandardCharsets.UTF_8)))
        .append("</HostId></Error>");
    return new WireResponse(error.status(), headers, ResponseBody.of(xml.toString()));
  }

  /** An error field as an element; Jackson objects and arrays become nested elements. */
  private static void appendField(StringBuilder xml, String name, Object value) {
    if (value == null) {
      return;
    }
    xml.append('<').append(name).append('>');
    if (value instanceof JsonNode node && node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> child = it.next();
        appendField(xml, child.getKey(), child.getValue());
      }
    } else if (value instanceof JsonNode node && node.isArray()) {
      for (JsonNode item : node) {
        appendField(xml, "member", item);
      }
    } else {
      String text = value instanceof JsonNode node ? node.asText() : value.toString();
      xml.append(RestXmlBodies.escape(text));
    }
    xml.append("</").append(name).append('>');
  }

  /**
   * The path-style form of an S3 virtual-hosted request: {@code GET /key} to {@code
   * bucket.s3.localhost} becomes {@code GET /bucket/key}. Other services and path-style requests
   * are returned unchanged.
   */
  WireRequest pathStyle(ServiceModel service, WireRequest request) {
    if (!isS3(service)) {
      return request;
    }
    String bucket = virtualHostBucket(request.header("Host"));
    if (bucket == null) {
      return request;
    }
    String rawPath = request.rawPath();
    String path =
        rawPath.isEmpty() || rawPath.equals("/")
            ? "/" + bucket
            : "/" + bucket + (rawPath.startsWith("/") ? rawPath : "/" + rawPath);
    return new WireRequest(
        request.method(),
        path,
        request.rawQuery(),
        request.queryParameters(),
        request.headers(),
        request.body(),
        request.remoteAddress());
  }

  /** The bucket a Host header names, or null for path-style hosts and IP addresses. */
  String virtualHostBucket(String hostHeader) {
    return VirtualHosts.bucket(hostHeader, baseDomains);
  }
}
