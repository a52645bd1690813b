package dev.basin.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.WireRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3CorsTest {
  private final S3Cors cors = new S3Cors(null, List.of("localhost"));

  private static WireRequest request(String host, String path) {
    Headers headers = new Headers();
    if (host != null) {
      headers.set("Host", host);
    }
    return new WireRequest("OPTIONS", path, "", Map.of(), headers, RequestBody.EMPTY, null);
  }

  @Test
  void wildcardsStandForAnyText() {
    assertThat(S3Cors.wildcard("http://*.example.com", "http://a.b.example.com")).isTrue();
    assertThat(S3Cors.wildcard("http://*.example.com", "http://example.com")).isFalse();
    assertThat(S3Cors.wildcard("x-amz-*", "x-amz-")).isTrue();
    assertThat(S3Cors.wildcard("*", "")).isTrue();
    assertThat(S3Cors.wildcard("a*b*c", "aXbYc")).isTrue();
    assertThat(S3Cors.wildcard("a*b*c", "aXcYb")).isFalse();
  }

  @Test
  void headersMatchInAnyCaseAndTheFirstAllowingRuleWins() {
    JsonNode rules =
        S3Support.fromJson(
            """
            [{"ID":"one","AllowedOrigins":["https://app.test"],"AllowedMethods":["GET"],
              "AllowedHeaders":["X-Amz-*"]},
             {"ID":"two","AllowedOrigins":["*"],"AllowedMethods":["GET","PUT"]}]
            """);
    List<String> requested = S3Cors.headerList("x-amz-date, X-AMZ-Content-SHA256");
    assertThat(S3Cors.match(rules, "https://app.test", "GET", requested).path("ID").asText())
        .isEqualTo("one");
    // rule two allows no headers
    assertThat(S3Cors.match(rules, "https://other.test", "GET", requested)).isNull();
    assertThat(S3Cors.match(rules, "https://app.test", "PUT", List.of()).path("ID").asText())
        .isEqualTo("two");
    assertThat(S3Cors.match(rules, "https://app.test", "DELETE", List.of())).isNull();
  }

  @Test
  void theTargetIsFoundPathStyleAndVirtualHosted() {
    assertThat(cors.target(request("127.0.0.1:4566", "/site/a/b.txt")))
        .isEqualTo(new S3Cors.Target("site", "a/b.txt"));
    assertThat(cors.target(request("127.0.0.1:4566", "/site")))
        .isEqualTo(new S3Cors.Target("site", null));
    assertThat(cors.target(request("site.s3.localhost:4566", "/a.txt")))
        .isEqualTo(new S3Cors.Target("site", "a.txt"));
    assertThat(cors.target(request("site.localhost", "/")))
        .isEqualTo(new S3Cors.Target("site", null));
    assertThat(cors.target(request("s3.localhost", "/site/k")))
        .isEqualTo(new S3Cors.Target("site", "k"));
  }
}
