package dev.basin.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;

/**
 * Turns one AWS protocol family's requests into model-shaped values and model-shaped values into
 * its responses, driven by the service model alone. One instance serves every service of its family
 * and is stateless and thread safe.
 *
 * <h2>The value form</h2>
 *
 * Inputs and outputs are Jackson trees shaped like the operation's input and output structures,
 * keyed by member name (the JSON protocol's form), whatever the wire form is:
 *
 * <ul>
 *   <li>strings, booleans and numbers as the matching JSON nodes;
 *   <li>timestamps as numbers of seconds since the epoch (decoders produce {@code DecimalNode});
 *       encoders also accept ISO-8601 text — see {@link Timestamps};
 *   <li>blobs as {@code BinaryNode};
 *   <li>a streaming blob payload as a {@code POJONode} holding a {@link RequestBody} (input) or a
 *       {@link ResponseBody} (output);
 *   <li>lists as arrays, maps and structures as objects.
 * </ul>
 */
public interface ProtocolCodec {

  Protocol protocol();

  /**
   * Finds the operation {@code request} asks for.
   *
   * @throws AwsException the protocol's unknown-operation error
   */
  OperationModel resolveOperation(ServiceModel service, WireRequest request);

  /**
   * Decodes the operation's input. Checks wire syntax and types; required members are checked
   * afterwards by {@link InputValidator}.
   *
   * @throws AwsException the protocol's malformed-request error
   */
  ObjectNode decodeInput(ServiceModel service, OperationModel operation, WireRequest request);

  /** Encodes a successful result; {@code output} may be null for operations without output. */
  WireResponse encodeOutput(
      ServiceModel service, OperationModel operation, JsonNode output, ResponseMeta meta);

  /** Encodes an error; {@code operation} is null when the operation could not be resolved. */
  WireResponse encodeError(
      ServiceModel service, OperationModel operation, AwsException error, ResponseMeta meta);
}
