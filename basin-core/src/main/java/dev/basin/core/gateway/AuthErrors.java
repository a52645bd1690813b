package dev.basin.core.gateway;

import dev.basin.core.auth.AuthFailure;
import dev.basin.core.auth.AuthenticationException;
import dev.basin.core.model.Protocol;
import dev.basin.core.protocol.AwsException;

/**
 * The one table of how each protocol family answers a failed authentication. AWS's services
 * disagree on codes and statuses: S3 answers 403 {@code InvalidAccessKeyId}, DynamoDB 400 {@code
 * UnrecognizedClientException}, IAM and STS 403 {@code InvalidClientTokenId}, EC2 401 {@code
 * AuthFailure}. The SDKs' clock-skew correction recognises {@code RequestTimeTooSkewed}, {@code
 * InvalidSignatureException}, {@code SignatureDoesNotMatch}, {@code RequestExpired} and {@code
 * AuthFailure} together with the response's {@code Date} header.
 */
final class AuthErrors {
  /** S3's and EC2's message for a request time too far from now. */
  private static final String SKEW_MESSAGE =
      "The difference between the request time and the current time is too large.";

  private AuthErrors() {}

  /** The verifier words a skewed signature as the JSON and query services do; S3 and EC2 don't. */
  private static String skewMessage(String message) {
    return message.startsWith("Signature ") ? SKEW_MESSAGE : message;
  }

  static AwsException toAwsError(Protocol protocol, AuthenticationException failure) {
    String message = failure.getMessage();
    AuthFailure kind = failure.failure();
    return switch (protocol) {
      case REST_XML -> restXml(kind, message);
      case JSON, REST_JSON -> json(kind, message, protocol == Protocol.REST_JSON ? 403 : 400);
      case QUERY, RPC_V2_CBOR -> query(kind, message);
      case EC2 -> ec2(kind, message);
    };
  }

  private static AwsException restXml(AuthFailure kind, String message) {
    return switch (kind) {
      case MISSING -> new AwsException("AccessDenied", 403, message);
      case MALFORMED -> new AwsException("AuthorizationHeaderMalformed", 400, message);
      case UNKNOWN_KEY -> new AwsException("InvalidAccessKeyId", 403, message);
      case INVALID_TOKEN -> new AwsException("InvalidToken", 400, message);
      case EXPIRED_TOKEN ->
          new AwsException("ExpiredToken", 400, "The provided token has expired.");
      case SIGNATURE_MISMATCH -> new AwsException("SignatureDoesNotMatch", 403, message);
      case SKEWED -> new AwsException("RequestTimeTooSkewed", 403, skewMessage(message));
      case EXPIRED -> new AwsException("AccessDenied", 403, message);
      case CONTENT_SHA256_MISMATCH -> new AwsException("XAmzContentSHA256Mismatch", 400, message);
      case CHUNK_SIGNATURE_MISMATCH -> new AwsException("SignatureDoesNotMatch", 403, message);
      case CHECKSUM_MISMATCH -> new AwsException("BadDigest", 400, message);
    };
  }

  private static AwsException json(AuthFailure kind, String message, int status) {
    return switch (kind) {
      case MISSING -> new AwsException("MissingAuthenticationTokenException", status, message);
      case MALFORMED -> new AwsException("IncompleteSignatureException", status, message);
      case UNKNOWN_KEY, INVALID_TOKEN ->
          new AwsException(
              "UnrecognizedClientException",
              status,
              "The security token included in the request is invalid.");
      case EXPIRED_TOKEN -> new AwsException("ExpiredTokenException", 400, message);
      case SIGNATURE_MISMATCH, SKEWED, EXPIRED, CHUNK_SIGNATURE_MISMATCH ->
          new AwsException("InvalidSignatureException", status, message);
      case CONTENT_SHA256_MISMATCH, CHECKSUM_MISMATCH ->
          new AwsException("InvalidSignatureException", status, message);
    };
  }

  private static AwsException query(AuthFailure kind, String message) {
    return switch (kind) {
      case MISSING -> new AwsException("MissingAuthenticationToken", 403, message);
      case MALFORMED -> new AwsException("IncompleteSignature", 400, message);
      case UNKNOWN_KEY, INVALID_TOKEN ->
          new AwsException(
              "InvalidClientTokenId",
              403,
              "The security token included in the request is invalid.");
      case EXPIRED_TOKEN -> new AwsException("ExpiredToken", 400, message);
      case SIGNATURE_MISMATCH,
          CHUNK_SIGNATURE_MISMATCH,
          CONTENT_SHA256_MISMATCH,
          CHECKSUM_MISMATCH ->
          new AwsException("SignatureDoesNotMatch", 403, message);
      case SKEWED -> new AwsException("SignatureDoesNotMatch", 403, message);
      case EXPIRED ->
          new AwsException("SignatureDoesNotMatch", 403, "Signature expired: " + message);
    };
  }

  private static AwsException ec2(AuthFailure kind, String message) {
    return switch (kind) {
      case MISSING -> new AwsException("MissingAuthenticationToken", 401, message);
      case MALFORMED -> new AwsException("IncompleteSignature", 400, message);
      case UNKNOWN_KEY, INVALID_TOKEN, SIGNATURE_MISMATCH, CHUNK_SIGNATURE_MISMATCH ->
          new AwsException(
              "AuthFailure", 401, "AWS was not able to validate the provided access credentials");
      case EXPIRED_TOKEN -> new AwsException("RequestExpired", 400, message);
      case CONTENT_SHA256_MISMATCH, CHECKSUM_MISMATCH ->
          new AwsException("AuthFailure", 401, message);
      case SKEWED -> new AwsException("RequestExpired", 400, skewMessage(message));
      case EXPIRED -> new AwsException("RequestExpired", 400, message);
    };
  }
}
