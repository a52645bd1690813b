package dev.basin.core.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
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
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.function.BiFunction;

/**
 * An HTTP server on 127.0.0.1 that routes, decodes and encodes with a codec, so a real SDK client
 * can be the oracle: each request's operation and decoded input are recorded, and the test's
 * responder chooses the output value or throws an {@link AwsException}.
 */
final class CodecTestServer implements AutoCloseable {
  /** What the server saw for one request. */
  record Exchange(
      OperationModel operation, ObjectNode input, byte[] streamedBody, WireRequest request) {}

  private final HttpServer server;
  private final ProtocolCodec codec;
  private final ServiceModel service;
  private volatile BiFunction<OperationModel, ObjectNode, JsonNode> responder = (op, in) -> null;
  private volatile Exchange last;
  private volatile Throwable failure;

  CodecTestServer(ProtocolCodec codec, ServiceModel service) throws IOException {
    this.codec = codec;
    this.service = service;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int port() {
    return server.getAddress().getPort();
  }

  void respond(BiFunction<OperationModel, ObjectNode, JsonNode> responder) {
    this.responder = responder;
  }

  Exchange last() {
    if (failure != null) {
      throw new AssertionError("server failed", failure);
    }
    return last;
  }

  private void handle(HttpExchange http) throws IOException {
    try {
      Headers headers = new Headers();
      http.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
      String rawQuery = http.getRequestURI().getRawQuery();
      String rawUri = http.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery);
      String length = headers.get("Content-Length");
      RequestBody body =
          RequestBody.ofStream(http.getRequestBody(), length == null ? -1 : Long.parseLong(length));
      WireRequest request =
          WireRequest.of(http.getRequestMethod(), rawUri, headers, body, "127.0.0.1");
      ResponseMeta meta = new ResponseMeta("req-1", "HEAD".equals(request.method()));
      WireResponse response;
      OperationModel operation = null;
      try {
        operation = codec.resolveOperation(service, request);
        ObjectNode input = codec.decodeInput(service, operation, request);
        byte[] streamed = null;
        for (JsonNode value : input) {
          if (value instanceof POJONode pojo && pojo.getPojo() instanceof RequestBody stream) {
            try (InputStream in = stream.stream()) {
              streamed = in.readAllBytes();
            }
          }
        }
        last = new Exchange(operation, input, streamed, request);
        response = codec.encodeOutput(service, operation, responder.apply(operation, input), meta);
      } catch (AwsException e) {
        if (last == null || last.operation() != operation) {
          last = new Exchange(operation, null, null, request);
        }
        response = codec.encodeError(service, operation, e, meta);
      }
      send(http, response, meta.headRequest());
    } catch (Throwable t) {
      failure = t;
      http.sendResponseHeaders(599, -1);
    } finally {
      http.close();
    }
  }

  private static void send(HttpExchange http, WireResponse response, boolean head)
      throws IOException {
    response
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> http.getResponseHeaders().add(name, v));
              }
            });
    long length = response.body().length();
    if (head) {
      String declared = response.headers().get("Content-Length");
      if (declared != null) {
        http.getResponseHeaders().set("Content-Length", declared);
      }
      http.sendResponseHeaders(response.status(), -1);
      return;
    }
    http.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
    try (OutputStream out = http.getResponseBody()) {
      ResponseBody body = response.body();
      if (body instanceof ResponseBody.Bytes bytes) {
        out.write(bytes.bytes());
      } else if (body instanceof ResponseBody.Stream stream) {
        try (InputStream in = stream.stream()) {
          in.transferTo(out);
        }
      } else if (body instanceof ResponseBody.FileRegion region) {
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
          channel.transferTo(region.offset(), region.length(), Channels.newChannel(out));
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
