package dev.basin.core.protocol.json;

import dev.basin.core.model.OperationModel;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.Shape;
import dev.basin.core.protocol.AwsException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How an {@link AwsException} is named on the JSON and CBOR wires.
 *
 * <p>Handlers throw the error code clients see ({@code ResourceNotFoundException}, or for
 * awsQueryCompatible services the query code such as CloudWatch's {@code ResourceNotFound}). The
 * wire's {@code __type} must name the exception <em>shape</em> instead, because that is what the
 * SDKs look their exception classes up by (CloudWatch's {@code DashboardNotFoundError} has query
 * code {@code ResourceNotFound}); the query code travels in {@code x-amzn-query-error}. The shape
 * is looked up among the operation's declared errors first, then among every error the service
 * declares; an error with no shape keeps its code.
 *
 * <p>Thread safe; caches one index per service model instance.
 */
final class ErrorTypes {

  /**
   * @param typeName the exception shape's name, or the code when no shape declares it
   * @param queryCode the query protocol's code, for {@code x-amzn-query-error}
   * @param messageMember {@code message}, or {@code Message} for shapes that spell it so
   * @param modeled a shape of the service declares the error
   */
  record WireError(String typeName, String queryCode, String messageMember, boolean modeled) {

    /** The {@code x-amzn-query-error} value: {@code Code;Sender} or {@code Code;Receiver}. */
    String queryErrorHeader(AwsException error) {
      return queryCode + (error.senderFault() ? ";Sender" : ";Receiver");
    }
  }

  /** Identity of a model instance: records compare deeply, which is needlessly slow here. */
  private record ModelKey(ServiceModel model) {
    @Override
    public boolean equals(Object other) {
      return other instanceof ModelKey key && key.model == model;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(model);
    }
  }

  private final Map<ModelKey, Map<String, Shape>> serviceErrors = new ConcurrentHashMap<>();

  WireError resolve(ServiceModel service, OperationModel operation, AwsException error) {
    String code = error.code();
    Shape shape = operation == null ? null : find(operation, code);
    if (shape == null) {
      shape =
          serviceErrors.computeIfAbsent(new ModelKey(service), key -> index(key.model())).get(code);
    }
    if (shape == null) {
      return new WireError(code, code, "message", false);
    }
    String messageMember =
        shape.member("message") == null && shape.member("Message") != null ? "Message" : "message";
    return new WireError(shape.name(), shape.errorCode(), messageMember, true);
  }

  /**
   * The namespace part of {@code __type} for a JSON-protocol service, with its {@code #}, or empty.
   * DynamoDB qualifies its modeled errors with its Coral namespace and framework errors
   * (serialization, unknown operation, authentication) with Coral's; awsQueryCompatible services
   * (CloudWatch, SQS) send Smithy shape ids; the older JSON services send the plain code.
   */
  static String jsonNamespace(ServiceModel service, WireError error) {
    if (service.id().equals("dynamodb") || service.id().equals("streams.dynamodb")) {
      if (error.modeled()) {
        return service.id().equals("dynamodb")
            ? "com.amazonaws.dynamodb.v20120810#"
            : "com.amazonaws.streams.dynamodb.v20120810#";
      }
      return error.typeName().equals("ValidationException")
          ? "com.amazon.coral.validate#"
          : "com.amazon.coral.service#";
    }
    return service.awsQueryCompatible() ? smithyNamespace(service) : "";
  }

  /**
   * The Smithy namespace of the service with its {@code #}, e.g. {@code com.amazonaws.cloudwatch#}.
   */
  static String smithyNamespace(ServiceModel service) {
    String id = service.serviceId() == null ? service.id() : service.serviceId();
    StringBuilder namespace = new StringBuilder("com.amazonaws.");
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c != ' ' && c != '-') {
        namespace.append(Character.toLowerCase(c));
      }
    }
    return namespace.append('#').toString().toLowerCase(Locale.ROOT);
  }

  private static Shape find(OperationModel operation, String code) {
    Shape byCode = null;
    for (Shape shape : operation.errors()) {
      if (shape == null) {
        continue;
      }
      if (shape.name().equals(code)) {
        return shape;
      }
      if (byCode == null && code.equals(shape.errorCode())) {
        byCode = shape;
      }
    }
    return byCode;
  }

  private static Map<String, Shape> index(ServiceModel service) {
    Map<String, Shape> byName = new HashMap<>();
    Map<String, Shape> byCode = new HashMap<>();
    for (OperationModel operation : service.operations().values()) {
      for (Shape shape : operation.errors()) {
        if (shape != null) {
          byName.putIfAbsent(shape.name(), shape);
          byCode.putIfAbsent(shape.errorCode(), shape);
        }
      }
    }
    byCode.putAll(byName);
    return Map.copyOf(byCode);
  }
}
