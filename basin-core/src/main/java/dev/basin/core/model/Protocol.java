package dev.basin.core.model;

/** The AWS wire-protocol families. */
public enum Protocol {
  REST_XML,
  REST_JSON,
  JSON,
  QUERY,
  EC2,
  RPC_V2_CBOR;

  static Protocol fromModel(String protocol) {
    return switch (protocol) {
      case "rest-xml" -> REST_XML;
      case "rest-json" -> REST_JSON;
      case "json" -> JSON;
      case "query" -> QUERY;
      case "ec2" -> EC2;
      case "smithy-rpc-v2-cbor" -> RPC_V2_CBOR;
      default -> throw new IllegalArgumentException("unknown protocol " + protocol);
    };
  }
}
