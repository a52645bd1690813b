package dev.basin.core.gateway;

/**
 * Decides whether the caller may perform the request's operation; the IAM module implements it with
 * policy evaluation. Called once per request by the gateway, after decoding and before the handler,
 * so that a denied request changes nothing.
 */
@FunctionalInterface
public interface Authorizer {

  /**
   * @throws dev.basin.core.protocol.AwsException the protocol's access-denied error
   */
  void authorize(RequestContext context, com.fasterxml.jackson.databind.node.ObjectNode input);

  /** Allows everything: the root identity, and {@code --no-auth}. */
  Authorizer ALLOW_ALL = (context, input) -> {};
}
