package dev.basin.core.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.ProtocolCodec;
import dev.basin.core.protocol.ProtocolErrors;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;

/**
 * The AWS JSON protocol, versions 1.0 and 1.1 ({@code awsJson1_0}, {@code awsJson1_1}): DynamoDB,
 * Kinesis, Firehose, Glue, Athena, CloudTrail, CloudWatch Logs, Redshift Data, and CloudWatch's
 * awsQueryCompatible JSON form.
 *
 * <p>Requests are {@code POST /} naming the operation in {@code X-Amz-Target:
 * {targetPrefix}.{Operation}} with a JSON object body (an empty body is an empty input). Responses
 * are {@code 200} with {@code application/x-amz-json-{version}}; errors carry {@code
 * {"__type":"[namespace#]Code","message":...}} plus {@code x-amzn-ErrorType}, and for
 * awsQueryCompatible services {@code x-amzn-query-error: Code;Sender|Receiver}, from which the SDKs
 * recover the query error code.
 *
 * <p>Stateless and thread safe.
 */
public final class JsonCodec implements ProtocolCodec {
  private static final String TARGET = "X-Amz-Target";

  private final StructuredBody body = StructuredBody.json();
  private final ErrorTypes errorTypes = new ErrorTypes();

  public JsonCodec() {}

  @Override
  public Protocol protocol() {
    return Protocol.JSON;
  }

  @Override
  public OperationModel resolveOperation(ServiceModel service, WireRequest request) {
    String target = request.header(TARGET);
    String prefix = service.targetPrefix();
    if (target == null
        || prefix == null
        || target.length() <= prefix.length() + 1
        || target.charAt(prefix.length()) != '.'
        || !target.startsWith(prefix)) {
      throw ProtocolErrors.unknownOperation(Protocol.JSON, target, service.apiVersion());
    }
    String name = target.substring(prefix.length() + 1);
    OperationModel operation = service.operations().get(name);
    if (operation != null) {
      return operation;
    }
    if (service.isUnserved(name)) {
      throw ProtocolErrors.notImplemented(service.serviceId(), name);
    }
    throw ProtocolErrors.unknownOperation(Protocol.JSON, name, service.apiVersion());
  }

  @Override
  public ObjectNode decodeInput(
      ServiceModel service, OperationModel operation, WireRequest request) {
    return body.read(request.body().readAllBytes(), operation.input());
  }

  @Override
  public WireResponse encodeOutput(
      ServiceModel service, OperationModel operation, JsonNode output, ResponseMeta meta) {
    if (operation.output() == null) {
      // An operation without an output shape (DynamoDB TagResource, ...) answers an empty body.
      return WireResponse.of(200, contentType(service), new byte[0]);
    }
    return WireResponse.of(200, contentType(service), body.write(operation.output(), output));
  }

  @Override
  public WireResponse encodeError(
      ServiceModel service, OperationModel operation, AwsException error, ResponseMeta meta) {
    ErrorTypes.WireError wire = errorTypes.resolve(service, operation, error);
    String type = ErrorTypes.jsonNamespace(service, wire) + wire.typeName();
    WireResponse response =
        WireResponse.of(
            error.status(),
            contentType(service),
            body.writeError(type, wire.messageMember(), error));
    response.headers().set("x-amzn-ErrorType", wire.typeName());
    if (service.awsQueryCompatible()) {
      response.headers().set("x-amzn-query-error", wire.queryErrorHeader(error));
    }
    error.headers().forEach((name, values) -> values.forEach(v -> response.headers().add(name, v)));
    return response;
  }

  private static String contentType(ServiceModel service) {
    return "1.1".equals(service.jsonVersion())
        ? "application/x-amz-json-1.1"
        : "application/x-amz-json-1.0";
  }
}
