package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.auth.SigV4Signer;
import dev.basin.core.protocol.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 as clients use it, over a raw socket: keep-alive, chunked request bodies, {@code Expect:
 * 100-continue}; and the decode errors of the query protocol through the whole chain.
 */
class HttpFramingIT {
  private static RunningBasin basin;
  private static final String IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
  }

  @AfterAll
  static void stop() throws Exception {
    basin.close();
  }

  @Test
  void oneConnectionCarriesSeveralRequests() throws Exception {
    try (Socket socket = connect()) {
      for (int i = 0; i < 3; i++) {
        socket.getOutputStream().write(signedPost(IDENTITY, Map.of()));
        Response response = Response.read(socket.getInputStream());
        assertThat(response.status).isEqualTo(200);
        assertThat(response.body).contains("<Account>000000000000</Account>");
        assertThat(response.headers.get("connection")).isNotEqualTo("close");
      }
    }
  }

  @Test
  void aChunkedRequestBodyIsReassembled() throws Exception {
    try (Socket socket = connect()) {
      Headers headers = signedHeaders(IDENTITY);
      StringBuilder request = new StringBuilder("POST / HTTP/1.1\r\n");
      headers.forEach(
          (name, values) -> request.append(name).append(": ").append(values.get(0)).append("\r\n"));
      request.append("Transfer-Encoding: chunked\r\n\r\n");
      String first = IDENTITY.substring(0, 10);
      String rest = IDENTITY.substring(10);
      request
          .append(Integer.toHexString(first.length()))
          .append("\r\n")
          .append(first)
          .append("\r\n");
      request.append(Integer.toHexString(rest.length())).append("\r\n").append(rest).append("\r\n");
      request.append("0\r\n\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
      Response response = Response.read(socket.getInputStream());
      assertThat(response.status).isEqualTo(200);
      assertThat(response.body).contains("<Arn>arn:aws:iam::000000000000:root</Arn>");
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
    try (Socket socket = connect()) {
      byte[] request = signedPost(IDENTITY, Map.of("Expect", "100-continue"));
      String text = new String(request, StandardCharsets.UTF_8);
      int headersEnd = text.indexOf("\r\n\r\n") + 4;
      OutputStream out = socket.getOutputStream();
      out.write(request, 0, headersEnd);
      out.flush();
      Response interim = Response.read(socket.getInputStream());
      assertThat(interim.status).isEqualTo(100);
      out.write(request, headersEnd, request.length - headersEnd);
      Response response = Response.read(socket.getInputStream());
      assertThat(response.status).isEqualTo(200);
    }
  }

  @Test
  void aMissingRequiredParameterIsAValidationError() throws Exception {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(signedPost("Action=AssumeRole&Version=2011-06-15&RoleSessionName=s", Map.of()));
      Response response = Response.read(socket.getInputStream());
      assertThat(response.status).isEqualTo(400);
      assertThat(response.body)
          .contains("<Code>ValidationError</Code>")
          .contains(
              "2 validation errors detected: Value null at 'roleArn' failed to satisfy"
                  + " constraint: Member must not be null; Value 's' at 'roleSessionName' failed to"
                  + " satisfy constraint: Member must have length greater than or equal to 2");
    }
  }

  @Test
  void aMalformedParameterValueIsRejected() throws Exception {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(
              signedPost(
                  "Action=AssumeRole&Version=2011-06-15&RoleSessionName=s"
                      + "&RoleArn=arn:aws:iam::000000000000:role/r&DurationSeconds=soon",
                  Map.of()));
      Response response = Response.read(socket.getInputStream());
      assertThat(response.status).isEqualTo(400);
      assertThat(response.body)
          .contains("<Code>ValidationError</Code>")
          .contains("DurationSeconds");
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", basin.server.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static Headers signedHeaders(String body) {
    Headers headers = new Headers();
    headers.set("Host", "127.0.0.1:" + basin.server.port());
    headers.set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    new SigV4Signer("test", "test", null, "us-east-1", "sts")
        .sign(
            "POST",
            "/",
            headers,
            SigV4Signer.sha256Hex(body.getBytes(StandardCharsets.UTF_8)),
            false,
            Instant.now());
    return headers;
  }

  private static byte[] signedPost(String body, Map<String, String> extra) {
    Headers headers = signedHeaders(body);
    StringBuilder request = new StringBuilder("POST / HTTP/1.1\r\n");
    headers.forEach(
        (name, values) -> request.append(name).append(": ").append(values.get(0)).append("\r\n"));
    extra.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One HTTP response read off the socket: status line, headers, Content-Length body. */
  private record Response(int status, Map<String, String> headers, String body) {
    static Response read(InputStream in) throws IOException {
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.write(c);
        }
      }
      return line.toString(StandardCharsets.UTF_8);
    }
  }
}
