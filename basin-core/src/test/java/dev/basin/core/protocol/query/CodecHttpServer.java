package dev.basin.core.protocol.query;

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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A throw-away HTTP server that puts a codec between a real client and a test: it decodes each
 * request with the codec, records the operation and decoded input, and answers with the codec's
 * encoding of what the test's responder returns (or of the {@link AwsException} it throws).
 */
final class CodecHttpServer implements AutoCloseable {
  static final String REQUEST_ID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE";

  record Exchange(OperationModel operation, ObjectNode input, WireRequest request) {}

  private final HttpServer server;
  private final ProtocolCodec codec;
  private final ServiceModel service;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private volatile BiFunction<OperationModel, ObjectNode, JsonNode> responder = (op, in) -> null;

  CodecHttpServer(ProtocolCodec codec, ServiceModel service) throws IOException {
    this.codec = codec;
    this.service = service;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Sets what the next requests are answered with; the function may throw AwsException. */
  void respond(BiFunction<OperationModel, ObjectNode, JsonNode> newResponder) {
    responder = newResponder;
  }

  List<Exchange> exchanges() {
    return exchanges;
  }

  Exchange last() {
    if (!failures.isEmpty()) {
      throw new AssertionError("the server failed", failures.get(0));
    }
    return exchanges.get(exchanges.size() - 1);
  }

  private void handle(HttpExchange http) throws IOException {
    WireResponse response;
    try {
      Headers headers = new Headers();
      http.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
      URI uri = http.getRequestURI();
      String rawUri = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      byte[] body = http.getRequestBody().readAllBytes();
      WireRequest request =
          WireRequest.of(
              http.getRequestMethod(), rawUri, headers, RequestBody.of(body), "127.0.0.1");
      ResponseMeta meta = new ResponseMeta(REQUEST_ID, "HEAD".equals(http.getRequestMethod()));
      OperationModel operation = null;
      try {
        operation = codec.resolveOperation(service, request);
        ObjectNode input = codec.decodeInput(service, operation, request);
        exchanges.add(new Exchange(operation, input, request));
        response = codec.encodeOutput(service, operation, responder.apply(operation, input), meta);
      } catch (AwsException e) {
        response = codec.encodeError(service, operation, e, meta);
      }
    } catch (RuntimeException | Error e) {
      failures.add(e);
      http.sendResponseHeaders(500, -1);
      http.close();
      return;
    }
    response.headers().forEach((name, values) -> http.getResponseHeaders().put(name, values));
    byte[] bytes = ((ResponseBody.Bytes) response.body()).bytes();
    http.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = http.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
