package dev.basin.core.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.model.Member;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.Shape;
import dev.basin.core.model.ShapeType;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.WireResponse;

/**
 * The AWS {@code query} protocol (IAM, STS, Redshift, and CloudWatch as older clients speak it).
 *
 * <p>Requests: form parameters from the query string and a form-encoded body, merged. A member's
 * parameter is its location name or name; nested members are {@code Parent.Child}; lists are {@code
 * Name.member.N} (the list member's location name replacing {@code member}) or, when flattened,
 * {@code Name.N}; maps are {@code Name.entry.N.key} / {@code .value}. {@code Version}, when given,
 * must be the model's API version, as AWS answers {@code InvalidAction} otherwise.
 *
 * <p>Responses: {@code <OpResponse xmlns=ns><OpResult>…</OpResult><ResponseMetadata>
 * <RequestId>…</RequestId></ResponseMetadata></OpResponse>}, and errors as {@code
 * <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}.
 */
public final class QueryCodec extends FormCodecSupport {
  private static final String CONTENT_TYPE = "text/xml";

  @Override
  public Protocol protocol() {
    return Protocol.QUERY;
  }

  /**
   * The member's location name, else its name; a flattened list whose element has a location name
   * is named by that instead (as botocore and the Java SDK serialize it).
   */
  @Override
  String parameterName(Member member) {
    Shape target = member.target();
    if (target.type() == ShapeType.LIST
        && flattenedList(member)
        && target.listMember().locationName() != null) {
      return target.listMember().locationName();
    }
    return member.wireName();
  }

  @Override
  boolean flattenedList(Member member) {
    return member.flattened() || member.target().flattened();
  }

  @Override
  boolean acceptsVersion(ServiceModel service, String version) {
    return version == null || version.equals(service.apiVersion());
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
    xml.start(root, namespace(service));
    Shape outputShape = operation.output();
    if (outputShape != null) {
      String result =
          operation.resultWrapper() != null
              ? operation.resultWrapper()
              : operation.name() + "Result";
      xml.start(result);
      writeMembers(xml, outputShape, output);
      xml.end(result);
    }
    xml.start("ResponseMetadata").element("RequestId", requestId(meta)).end("ResponseMetadata");
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
    xml.start("ErrorResponse", namespace(service));
    xml.start("Error")
        .element("Type", error.senderFault() ? "Sender" : "Receiver")
        .element("Code", error.code())
        .element("Message", error.getMessage() == null ? "" : error.getMessage());
    writeFields(xml, error.fields());
    xml.end("Error");
    xml.element("RequestId", requestId(meta));
    xml.end("ErrorResponse");
    return new WireResponse(error.status(), headers, ResponseBody.of(xml.toByteArray()));
  }

  private static String namespace(ServiceModel service) {
    return service.xmlNamespace() != null
        ? service.xmlNamespace()
        : "https://"
            + service.endpointPrefix()
            + ".amazonaws.com/doc/"
            + service.apiVersion()
            + "/";
  }

  static String requestId(ResponseMeta meta) {
    return meta.requestId() == null ? "" : meta.requestId();
  }
}
