package dev.basin.core.gateway;

import dev.basin.core.auth.AccessKey;
import dev.basin.core.auth.Caller;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.protocol.WireRequest;
import java.time.Instant;

/**
 * One request's state as it moves along the gateway's chain. Each step fills the fields it
 * resolves; a field is null until its step ran (the order: receive, resolve service, authenticate,
 * resolve operation and decode, authorize, dispatch, encode, record).
 */
public final class RequestContext {
  private final String requestId;
  private final Instant receivedAt;
  private final long startNanos;
  private final String defaultRegion;
  private final String accountId;
  private WireRequest request;
  private ServiceModel service;
  private Protocol protocol;
  private OperationModel operation;
  private String region;
  private Caller caller;
  private AccessKey accessKey;
  private com.fasterxml.jackson.databind.JsonNode input;
  private com.fasterxml.jackson.databind.JsonNode output;

  RequestContext(
      String requestId,
      Instant receivedAt,
      long startNanos,
      WireRequest request,
      String defaultRegion,
      String accountId) {
    this.requestId = requestId;
    this.receivedAt = receivedAt;
    this.startNanos = startNanos;
    this.request = request;
    this.defaultRegion = defaultRegion;
    this.accountId = accountId;
  }

  public String requestId() {
    return requestId;
  }

  /** When the request arrived, on Basin's clock. */
  public Instant receivedAt() {
    return receivedAt;
  }

  long startNanos() {
    return startNanos;
  }

  /** The request; after authentication its body is the decoded payload. */
  public WireRequest request() {
    return request;
  }

  public ServiceModel service() {
    return service;
  }

  public Protocol protocol() {
    return protocol;
  }

  public OperationModel operation() {
    return operation;
  }

  /** The region the client addressed (its signature's scope), else Basin's default region. */
  public String region() {
    return region != null ? region : defaultRegion;
  }

  /** The account of the resources the request addresses: the caller's account. */
  public String accountId() {
    return caller != null && caller.accountId() != null ? caller.accountId() : accountId;
  }

  /** The authenticated caller: root when authentication is off, anonymous when unsigned. */
  public Caller caller() {
    return caller;
  }

  /** The access key that signed the request, or null (unsigned, or authentication off). */
  public AccessKey accessKey() {
    return accessKey;
  }

  /** The decoded input, once decoded (null before). */
  com.fasterxml.jackson.databind.JsonNode input() {
    return input;
  }

  /** The handler's output, once it returned (null before or on failure). */
  com.fasterxml.jackson.databind.JsonNode output() {
    return output;
  }

  void input(com.fasterxml.jackson.databind.JsonNode input) {
    this.input = input;
  }

  void output(com.fasterxml.jackson.databind.JsonNode output) {
    this.output = output;
  }

  void request(WireRequest request) {
    this.request = request;
  }

  void service(ServiceModel service, Protocol protocol) {
    this.service = service;
    this.protocol = protocol;
  }

  void operation(OperationModel operation) {
    this.operation = operation;
  }

  void authenticated(String region, Caller caller, AccessKey accessKey) {
    this.region = region;
    this.caller = caller;
    this.accessKey = accessKey;
  }
}
