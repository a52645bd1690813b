package dev.basin.core.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.model.Member;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.WireResponse;

/**
 * The AWS {@code ec2} protocol.
 *
 * <p>Requests are form parameters like the query protocol's, except that a member's parameter is
 * its {@code queryName}, else its location name with the first letter upper-cased, else its name,
 * and that every list is flattened ({@code Name.N}). EC2 serves many API versions, so {@code
 * Version} is not checked.
 *
 * <p>Responses: {@code <OpResponse xmlns=ns><requestId>…</requestId>…members…</OpResponse>}, list
 * elements wrapped in their location name (usually {@code item}); errors as {@code
 * <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}.
 */
public final class Ec2Codec extends FormCodecSupport {
  private static final String CONTENT_TYPE = "text/xml;charset=UTF-8";
  private static final String DEFAULT_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  @Override
  public Protocol protocol() {
    return Protocol.EC2;
  }

  @Override
  String parameterName(Member member) {
    if (member.queryName() != null) {
      return member.queryName();
    }
    String locationName = member.locationName();
    if (locationName != null && !locationName.isEmpty()) {
      return Character.toUpperCase(locationName.charAt(0)) + locationName.substring(1);
    }
    return member.name();
  }

  @Override
  boolean flattenedList(Member member) {
    return true;
  }

  @Override
  boolean acceptsVersion(ServiceModel service, String version) {
    return true;
  }

  @Override
  public WireResponse encodeOutput(
      ServiceModel service, OperationModel operation, JsonNode output, ResponseMeta meta) {
    Headers headers = new Headers().set("Content-Type", CONTENT_TYPE);
    if (meta.headRequest()) {
      return new WireResponse(operation.responseCode(), headers, ResponseBody.EMPTY);
    }
    String root = operation.name() + "Response";
    XmlWriter xml = new XmlWriter(512);
    xml.declaration().start(root, namespace(service));
    xml.element("requestId", QueryCodec.requestId(meta));
    if (operation.output() != null) {
      writeMembers(xml, operation.output(), output);
    }
    xml.end(root);
    return new WireResponse(operation.responseCode(), headers, ResponseBody.of(xml.toByteArray()));
  }

  @Override
  public WireResponse encodeError(
      ServiceModel service, OperationModel operation, AwsException error, ResponseMeta meta) {
    Headers headers = new Headers();
    error.headers().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
    headers.set("Content-Type", CONTENT_TYPE);
    if (meta.headRequest()) {
      return new WireResponse(error.status(), headers, ResponseBody.EMPTY);
    }
    XmlWriter xml = new XmlWriter(256);
    xml.declaration().start("Response").start("Errors").start("Error");
    xml.element("Code", error.code())
        .element("Message", error.getMessage() == null ? "" : error.getMessage());
    writeFields(xml, error.fields());
    xml.end("Error").end("Errors");
    xml.element("RequestID", QueryCodec.requestId(meta));
    xml.end("Response");
    return new WireResponse(error.status(), headers, ResponseBody.of(xml.toByteArray()));
  }

  /** The model's namespace with the trailing slash EC2 answers with. */
  private static String namespace(ServiceModel service) {
    String namespace = service.xmlNamespace();
    if (namespace == null || namespace.isEmpty()) {
      return DEFAULT_NAMESPACE;
    }
    return namespace.endsWith("/") ? namespace : namespace + "/";
  }
}
