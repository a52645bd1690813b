package dev.basin.core.gateway;

import dev.basin.core.model.Shape;
import dev.basin.core.protocol.WireResponse;
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
   * A response the service gives a request itself, before authentication and operation routing, or
   * null to let the request take the usual chain. For requests no operation of the model describes
   * and AWS answers unsigned, such as S3's CORS preflight ({@code OPTIONS}). An {@link
   * dev.basin.core.protocol.AwsException} thrown here is encoded as the service's error. Called for
   * every request routed to the service: return quickly when it is not one of those.
   */
  default WireResponse intercept(RequestContext context) {
    return null;
  }

  /**
   * The last change to the response (success or error) of a request routed to this service, such as
   * S3's CORS headers for a request carrying {@code Origin}, or DynamoDB's compression and {@code
   * x-amz-crc32}. Called for every such response before the gateway's common headers: return
   * quickly when there is nothing to do. A failure here is logged and the response sent as it was.
   */
  default WireResponse finishResponse(RequestContext context, WireResponse response) {
    return response;
  }

  /**
   * Whether the gateway checks the model's length, range and enum constraints of values of this
   * shape before the handler runs, answering AWS's generic {@code 1 validation error detected: ...}
   * as the Coral front end does (JSON, rest-json, CBOR and query protocols; never S3 or EC2). Where
   * the AWS original answers such values with its own error, the service returns false for that
   * shape and checks it itself.
   */
  default boolean checksModelConstraints(Shape shape) {
    return true;
  }

  /**
   * The {@code Server} header of this service's responses, as AWS sends it (S3: {@code AmazonS3},
   * DynamoDB: {@code Server}); clients and tests read it to tell which server answered.
   */
  default String serverHeader() {
    return "Basin";
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
