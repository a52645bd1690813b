package dev.basin.core.gateway;

import java.util.Map;

/**
 * What a service module gives the gateway: the model it speaks and a handler per operation it
 * serves. Operations of the model without a handler answer {@code NotImplemented}.
 */
public interface Service {

  /** The id of the service model in {@code basin-models}, e.g. {@code sts}. */
  String modelId();

  /** Handlers by operation name. */
  Map<String, OperationHandler> operations();

  /**
   * Whether requests without any signature are passed to this service (as anonymous) instead of
   * being rejected at authentication. AWS allows it for S3 (bucket policies decide) and for a few
   * STS operations; false by default.
   */
  default boolean acceptsAnonymous(String operation) {
    return false;
  }

  /**
   * A service Basin knows the model of but does not serve yet: requests are routed, authenticated
   * and decoded as usual, and every operation answers {@code 501 NotImplemented} naming it, in the
   * service's own protocol, so that clients report a clear error instead of a parse failure.
   */
  static Service notImplemented(String modelId) {
    return new Service() {
      @Override
      public String modelId() {
        return modelId;
      }

      @Override
      public Map<String, OperationHandler> operations() {
        return Map.of();
      }
    };
  }
}
