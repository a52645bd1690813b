package dev.basin.core.protocol;

import dev.basin.core.model.Protocol;

/**
 * The errors each protocol family answers when a request cannot be decoded, in one table: an
 * unknown operation, a malformed body, an invalid parameter value, a missing required member.
 * Messages follow AWS's wording where it is known.
 */
public final class ProtocolErrors {
  private ProtocolErrors() {}

  public static AwsException unknownOperation(Protocol protocol, String operation, String version) {
    return switch (protocol) {
      case JSON, RPC_V2_CBOR -> new AwsException("UnknownOperationException", 400, "");
      case REST_JSON ->
          new AwsException("UnknownOperationException", 404, "No operation matches the request");
      case QUERY ->
          new AwsException(
              "InvalidAction",
              400,
              "Could not find operation " + operation + " for version " + version);
      case EC2 ->
          new AwsException(
              "InvalidAction",
              400,
              "The action " + operation + " is not valid for this web service.");
      case REST_XML ->
          new AwsException(
              "MethodNotAllowed",
              405,
              "The specified method is not allowed against this resource.");
    };
  }

  /** An operation AWS has and Basin does not serve (yet). */
  public static AwsException notImplemented(String service, String operation) {
    return new AwsException(
        "NotImplemented",
        501,
        false,
        "Basin does not implement " + service + " " + operation + " yet");
  }

  public static AwsException malformedBody(Protocol protocol, String detail) {
    return switch (protocol) {
      case JSON, RPC_V2_CBOR, REST_JSON -> new AwsException("SerializationException", 400, detail);
      case QUERY -> new AwsException("MalformedQueryString", 400, detail);
      case EC2 -> new AwsException("InvalidParameterValue", 400, detail);
      case REST_XML ->
          new AwsException(
              "MalformedXML",
              400,
              "The XML you provided was not well-formed or did not validate against our published"
                  + " schema");
    };
  }

  /** A value of the wrong type or format, e.g. text where an integer belongs. */
  public static AwsException invalidValue(Protocol protocol, String member, String detail) {
    return switch (protocol) {
      case JSON, RPC_V2_CBOR, REST_JSON ->
          new AwsException("SerializationException", 400, detail + " (member " + member + ")");
      case QUERY ->
          new AwsException(
              "ValidationError", 400, "Invalid value for parameter " + member + ": " + detail);
      case EC2 ->
          new AwsException(
              "InvalidParameterValue",
              400,
              "Invalid value for parameter " + member + ": " + detail);
      case REST_XML -> new AwsException("InvalidArgument", 400, detail + " (" + member + ")");
    };
  }

  /**
   * A required member is missing; {@code message} is AWS's "1 validation error detected: ..." text
   * built by {@link InputValidator}.
   */
  public static AwsException validation(Protocol protocol, String message) {
    return switch (protocol) {
      case JSON, RPC_V2_CBOR, REST_JSON -> new AwsException("ValidationException", 400, message);
      case QUERY -> new AwsException("ValidationError", 400, message);
      case EC2 -> new AwsException("MissingParameter", 400, message);
      // S3 checks a request body against its schema: a missing required element is MalformedXML
      case REST_XML ->
          new AwsException(
              "MalformedXML",
              400,
              "The XML you provided was not well-formed or did not validate against our published"
                  + " schema");
    };
  }
}
