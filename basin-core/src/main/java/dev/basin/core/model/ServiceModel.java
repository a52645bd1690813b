package dev.basin.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS service's model: its metadata, operations and shapes, as published by AWS and trimmed by
 * {@code basin-models}.
 *
 * @param id Basin's name for the model, e.g. {@code dynamodb} or {@code streams.dynamodb}
 * @param protocols the protocols the service speaks, preferred first
 * @param apiVersion e.g. {@code 2012-08-10}; the {@code Version} parameter of the query protocols
 * @param endpointPrefix e.g. {@code dynamodb}
 * @param signingName the SigV4 service name clients sign with
 * @param targetPrefix the {@code X-Amz-Target} prefix of the JSON protocol, or null
 * @param jsonVersion {@code 1.0} or {@code 1.1} for the JSON protocol, or null
 * @param xmlNamespace the XML namespace of query, EC2 and rest-xml responses, or null
 * @param serviceId the SDK service id, e.g. {@code DynamoDB}
 * @param awsQueryCompatible the service answers JSON or CBOR errors with query error codes too
 * @param operations the operations Basin's model carries, by name
 * @param unservedOperations operations of AWS's model that Basin's trimmed model left out
 */
public record ServiceModel(
    String id,
    List<Protocol> protocols,
    String apiVersion,
    String endpointPrefix,
    String signingName,
    String targetPrefix,
    String jsonVersion,
    String xmlNamespace,
    String serviceId,
    boolean awsQueryCompatible,
    Map<String, OperationModel> operations,
    Set<String> unservedOperations) {

  public Optional<OperationModel> operation(String name) {
    return Optional.ofNullable(operations.get(name));
  }

  public Protocol primaryProtocol() {
    return protocols.get(0);
  }

  public boolean speaks(Protocol protocol) {
    return protocols.contains(protocol);
  }

  /** An operation AWS has that Basin does not serve, as opposed to one that does not exist. */
  public boolean isUnserved(String operationName) {
    return unservedOperations.contains(operationName);
  }
}
