package dev.basin.core.gateway;

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
   * Adds headers to the response (success or error) of a request routed to this service, such as
   * S3's CORS headers for a request carrying {@code Origin}. Called for every such response, last
   * before the gateway's common headers: return quickly when there is nothing to add. A failure
   * here is logged and leaves the response as it was.
   */
  default void addResponseHeaders(RequestContext context, WireResponse response) {}

  /**
   * Whether this service's responses are finished as DynamoDB's are: a response body of 4 KiB or
   * more is compressed when the request's {@code Accept-Encoding} allows gzip or deflate, and every
   * response carries {@code x-amz-crc32}, the CRC32 of the body as sent (after compression), which
   * the SDKs check. False by default: other services send neither.
   */
  default boolean finishesResponsesAsDynamoDb() {
    return false;
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
