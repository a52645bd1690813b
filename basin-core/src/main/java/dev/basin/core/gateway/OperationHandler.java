package dev.basin.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One operation of a service. Receives the decoded, validated input in the value form (see {@link
 * dev.basin.core.protocol.ProtocolCodec}) and returns the output in the same form, or throws {@link
 * dev.basin.core.protocol.AwsException}. Never sees HTTP.
 */
@FunctionalInterface
public interface OperationHandler {

  JsonNode handle(RequestContext context, ObjectNode input);
}
