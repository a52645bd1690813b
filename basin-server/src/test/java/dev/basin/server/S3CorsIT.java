package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * CORS as browsers meet it: unsigned preflights matched against the bucket's rules, and the
 * Access-Control headers on actual (signed) requests that carry Origin.
 */
class S3CorsIT {
  private static final String BUCKET = "cors-site";
  private static final String PLAIN = "cors-none";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static RunningBasin basin;
  private static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    s3 = S3Testing.pathStyle(basin);
    s3.createBucket(r -> r.bucket(BUCKET));
    s3.createBucket(r -> r.bucket(PLAIN));
    s3.putObject(r -> r.bucket(BUCKET).key("index.html"), RequestBody.fromString("<html/>"));
    s3.putBucketCors(
        r ->
            r.bucket(BUCKET)
                .corsConfiguration(
                    c ->
                        c.corsRules(
                            CORSRule.builder()
                                .id("app")
                                .allowedOrigins("http://*.example.com")
                                .allowedMethods("GET", "PUT")
                                .allowedHeaders("x-amz-*", "Content-Type")
                                .exposeHeaders("ETag", "x-amz-request-id")
                                .maxAgeSeconds(600)
                                .build(),
                            CORSRule.builder().allowedOrigins("*").allowedMethods("GET").build())));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    basin.close();
  }

  private static HttpResponse<String> preflight(String path, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(basin.endpoint() + path))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPreflightMatchingARuleGetsItsHeadersUnsigned() throws Exception {
    HttpResponse<String> response =
        preflight(
            "/" + BUCKET + "/uploads/a.txt",
            Map.of(
                "Origin", "http://app.example.com",
                "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "X-Amz-Date, content-type"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var headers = response.headers();
    assertThat(headers.firstValue("Access-Control-Allow-Origin"))
        .contains("http://app.example.com");
    assertThat(headers.firstValue("Access-Control-Allow-Credentials")).contains("true");
    assertThat(headers.firstValue("Access-Control-Allow-Methods")).contains("GET, PUT");
    assertThat(headers.firstValue("Access-Control-Allow-Headers"))
        .contains("x-amz-date, content-type");
    assertThat(headers.firstValue("Access-Control-Max-Age")).contains("600");
    assertThat(headers.firstValue("Access-Control-Expose-Headers"))
        .contains("ETag, x-amz-request-id");
    assertThat(headers.firstValue("Vary").orElseThrow()).contains("Origin");
  }

  @Test
  void theFirstMatchingRuleAppliesAndAWildcardOriginAnswersStar() throws Exception {
    HttpResponse<String> response =
        preflight(
            "/" + BUCKET + "/index.html",
            Map.of("Origin", "https://elsewhere.test", "Access-Control-Request-Method", "GET"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).contains("GET");
    assertThat(response.headers().firstValue("Access-Control-Max-Age")).isEmpty();
    assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
  }

  @Test
  void aPreflightNoRuleAllowsIsForbidden() throws Exception {
    // method not allowed for this origin
    assertForbidden(
        preflight(
            "/" + BUCKET + "/index.html",
            Map.of("Origin", "https://elsewhere.test", "Access-Control-Request-Method", "PUT")),
        "This CORS request is not allowed");
    // a header the rule does not allow
    assertForbidden(
        preflight(
            "/" + BUCKET + "/index.html",
            Map.of(
                "Origin", "http://app.example.com",
                "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "x-custom")),
        "This CORS request is not allowed");
    // the wildcard covers sub-domains only
    assertForbidden(
        preflight(
            "/" + BUCKET + "/index.html",
            Map.of("Origin", "http://example.com", "Access-Control-Request-Method", "PUT")),
        "This CORS request is not allowed");
    // no configuration at all
    assertForbidden(
        preflight(
            "/" + PLAIN + "/x",
            Map.of("Origin", "http://app.example.com", "Access-Control-Request-Method", "GET")),
        "CORS is not enabled for this bucket.");
  }

  @Test
  void aPreflightWithoutOriginIsABadRequest() throws Exception {
    HttpResponse<String> response =
        preflight("/" + BUCKET + "/index.html", Map.of("Access-Control-Request-Method", "GET"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>BadRequest</Code>");
  }

  private static void assertForbidden(HttpResponse<String> response, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(response.body())
        .contains("<Code>AccessForbidden</Code>")
        .contains("CORSResponse: " + message)
        .contains("<ResourceType>OBJECT</ResourceType>");
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void actualRequestsWithAnAllowedOriginGetTheCorsHeaders() throws Exception {
    HttpResponse<String> allowed =
        S3Testing.signed(
            basin,
            "GET",
            "/" + BUCKET + "/index.html",
            null,
            Map.of("Origin", "http://www.example.com"));
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).isEqualTo("<html/>");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("http://www.example.com");
    assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers"))
        .contains("ETag, x-amz-request-id");
    assertThat(allowed.headers().firstValue("Vary").orElseThrow()).contains("Origin");

    // an error response of the bucket carries them too, so the page can read it
    HttpResponse<String> missing =
        S3Testing.signed(
            basin, "GET", "/" + BUCKET + "/missing", null, Map.of("Origin", "http://a.test"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

    // no Origin, or one no rule allows for the method: no CORS headers
    HttpResponse<String> plain =
        S3Testing.signed(basin, "GET", "/" + BUCKET + "/index.html", null, Map.of());
    assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> refused =
        S3Testing.signed(
            basin,
            "PUT",
            "/" + BUCKET + "/other.txt",
            "x",
            Map.of("Origin", "https://elsewhere.test"));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
