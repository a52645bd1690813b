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
 * Smithy's RPC v2 CBOR protocol ({@code smithy.protocols#rpcv2Cbor}), which the AWS SDK for Java v2
 * (and the Go, .NET, C++, Kotlin and Swift SDKs) use for CloudWatch.
 *
 * <p>Requests are {@code POST [prefix]/service/{ServiceName}/operation/{Operation}} with {@code
 * smithy-protocol: rpc-v2-cbor} and a CBOR map body, possibly empty. {@code ServiceName} is the
 * Smithy service shape's name, which for AWS services is the model's {@code targetPrefix} (e.g.
 * CloudWatch's {@code GraniteServiceVersion20100801}). Timestamps travel as tag 1 around epoch
 * seconds, blobs as byte strings. Responses carry {@code smithy-protocol: rpc-v2-cbor} (clients
 * reject responses without it) and a CBOR map; errors are a map with {@code __type} set to the
 * shape id, plus {@code x-amzn-query-error} for awsQueryCompatible services.
 *
 * <p>Stateless and thread safe.
 */
public final class CborCodec implements ProtocolCodec {
  static final String CONTENT_TYPE = "application/cbor";
  static final String PROTOCOL_HEADER = "smithy-protocol";
  static final String PROTOCOL_VALUE = "rpc-v2-cbor";
  private static final String SERVICE_SEGMENT = "/service/";
  private static final String OPERATION_SEGMENT = "/operation/";

  private final StructuredBody body = StructuredBody.cbor();
  private final ErrorTypes errorTypes = new ErrorTypes();

  public CborCodec() {}

  @Override
  public Protocol protocol() {
    return Protocol.RPC_V2_CBOR;
  }

  @Override
  public OperationModel resolveOperation(ServiceModel service, WireRequest request) {
    String path = request.rawPath();
    int serviceStart = path.indexOf(SERVICE_SEGMENT);
    int operationStart =
        serviceStart < 0
            ? -1
            : path.indexOf(OPERATION_SEGMENT, serviceStart + SERVICE_SEGMENT.length());
    if (operationStart < 0) {
      throw ProtocolErrors.unknownOperation(Protocol.RPC_V2_CBOR, path, service.apiVersion());
    }
    String serviceName = path.substring(serviceStart + SERVICE_SEGMENT.length(), operationStart);
    String name = path.substring(operationStart + OPERATION_SEGMENT.length());
    if (name.isEmpty()
        || name.indexOf('/') >= 0
        || (service.targetPrefix() != null && !service.targetPrefix().equals(serviceName))) {
      throw ProtocolErrors.unknownOperation(Protocol.RPC_V2_CBOR, name, service.apiVersion());
    }
    OperationModel operation = service.operations().get(name);
    if (operation != null) {
      return operation;
    }
    if (service.isUnserved(name)) {
      throw ProtocolErrors.notImplemented(service.serviceId(), name);
    }
    throw ProtocolErrors.unknownOperation(Protocol.RPC_V2_CBOR, name, service.apiVersion());
  }

  @Override
  public ObjectNode decodeInput(
      ServiceModel service, OperationModel operation, WireRequest request) {
    return body.read(request.body().readAllBytes(), operation.input());
  }

  @Override
  public WireResponse encodeOutput(
      ServiceModel service, OperationModel operation, JsonNode output, ResponseMeta meta) {
    WireResponse response =
        WireResponse.of(200, CONTENT_TYPE, body.write(operation.output(), output));
    response.headers().set(PROTOCOL_HEADER, PROTOCOL_VALUE);
    return response;
  }

  @Override
  public WireResponse encodeError(
      ServiceModel service, OperationModel operation, AwsException error, ResponseMeta meta) {
    ErrorTypes.WireError wire = errorTypes.resolve(service, operation, error);
    String type = ErrorTypes.smithyNamespace(service) + wire.typeName();
    WireResponse response =
        WireResponse.of(
            error.status(), CONTENT_TYPE, body.writeError(type, wire.messageMember(), error));
    response.headers().set(PROTOCOL_HEADER, PROTOCOL_VALUE);
    if (service.awsQueryCompatible()) {
      response.headers().set("x-amzn-query-error", wire.queryErrorHeader(error));
    }
    error.headers().forEach((name, values) -> values.forEach(v -> response.headers().add(name, v)));
    return response;
  }
}
