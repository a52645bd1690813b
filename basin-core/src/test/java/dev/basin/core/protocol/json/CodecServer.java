package dev.basin.core.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.ProtocolCodec;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A loopback HTTP server that answers with a codec: it resolves and decodes each request with the
 * real service model, records what it decoded, and answers with what the test's responder returns
 * (an output value) or throws (an {@link AwsException}), encoded by the same codec.
 */
final class CodecServer implements AutoCloseable {

  /** What the server saw of one request. */
  record Seen(WireRequest request, OperationModel operation, ObjectNode input) {}

  private final HttpServer server;
  private final ProtocolCodec codec;
  private final ServiceModel service;
  private volatile BiFunction<OperationModel, ObjectNode, JsonNode> responder = (op, in) -> null;
  private volatile Seen last;

  CodecServer(ProtocolCodec codec, ServiceModel service) throws IOException {
    this.codec = codec;
    this.service = service;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void respond(BiFunction<OperationModel, ObjectNode, JsonNode> responder) {
    this.responder = responder;
  }

  Seen last() {
    return last;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    Headers headers = new Headers();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      header.getValue().forEach(value -> headers.add(header.getKey(), value));
    }
    WireRequest request =
        WireRequest.of(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()),
            headers,
            RequestBody.of(bytes),
            exchange.getRemoteAddress().getAddress().getHostAddress());
    ResponseMeta meta = new ResponseMeta("req-1", false);
    OperationModel operation = null;
    WireResponse response;
    try {
      operation = codec.resolveOperation(service, request);
      ObjectNode input = codec.decodeInput(service, operation, request);
      last = new Seen(request, operation, input);
      response = codec.encodeOutput(service, operation, responder.apply(operation, input), meta);
    } catch (AwsException e) {
      if (last == null || last.request() != request) {
        last = new Seen(request, operation, null);
      }
      response = codec.encodeError(service, operation, e, meta);
    }
    byte[] body = ((ResponseBody.Bytes) response.body()).bytes();
    response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
    exchange.getResponseHeaders().set("x-amzn-RequestId", meta.requestId());
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
