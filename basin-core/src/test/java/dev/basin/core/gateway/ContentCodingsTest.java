package dev.basin.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.model.Protocol;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.WireRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentCodingsTest {

  /** What DynamoDB answers for each Accept-Encoding value (its conformance tests record it). */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      value = {
        "identity | none",
        "'' | none",
        "br | none",
        "x-gzip | none",
        "gzip, deflate | GZIP",
        "br, identity, deflate, gzip | DEFLATE",
        "GZIP, identity | GZIP",
        "dog, gzip ,, cat | GZIP",
        "gzip;q=0.8, deflate;q=0.5 | GZIP",
        "br, gzip;q=0, deflate; q = 0.5 , identity;q=0 | DEFLATE",
        "* | GZIP",
        "*, deflate;q=0.5 | GZIP",
        "*, deflate | DEFLATE",
        "*, identity | GZIP",
        "*, gzip;q=0.5 | DEFLATE",
        "gzip ;q=0 | none",
        "*;q=0 | none",
        "*;q=0.5,identity | GZIP",
        "gzip;q=0.5,identity;q=0.8 | GZIP",
        "br;q=0.8,identity;q=0.5,*;q=0 | none",
        "\"gzip\" | none",
        "gzip br | none",
        "gzip:q=1 | none",
        "deflate;q=0.5, gzip;q=31 | GZIP",
        "gzip;q=31,deflate;q=51 | GZIP",
        "deflate;q=0.5, gzip;q=0.2 | DEFLATE",
        "deflate;q=0.5, gzip;q=1;q=0.2 | GZIP",
        "deflate;q=0.5,gzip;q=0. | DEFLATE",
        "deflate;q=0.5,gzip;q=0.x | GZIP",
        "deflate;q=0.5,gzip;q=0. x | GZIP",
        "deflate;q=-0.5,gzip;q=0.2 | GZIP",
        "gzip;q= 0;q=1 | none",
        "gzip;q =0;q=1 | GZIP",
        "gzip; q=0;q=1 | none",
        "gzip;nq=0;q=1 | none",
        "gzip;q=0, gzip;q=1, gzip;q=0 | GZIP",
        "br,identity;q=0.5,gzip;q=0.0001 | GZIP",
      })
  void negotiatesAsDynamoDb(String acceptEncoding, ContentCodings.Coding expected) {
    assertThat(ContentCodings.negotiate(acceptEncoding)).isEqualTo(expected);
  }

  @Test
  void encodedBodiesDecodeBack() throws IOException {
    byte[] body =
        "{\"a\":\"".concat("x".repeat(5000)).concat("\"}").getBytes(StandardCharsets.UTF_8);
    byte[] gzip = ContentCodings.Coding.GZIP.encode(body);
    byte[] deflate = ContentCodings.Coding.DEFLATE.encode(body);
    assertThat(gzip.length).isLessThan(200);
    assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes()).isEqualTo(body);
    assertThat(new InflaterInputStream(new ByteArrayInputStream(deflate)).readAllBytes())
        .isEqualTo(body);
    assertThat(decoded(gzip, "gzip", Protocol.JSON)).isEqualTo(body);
    assertThat(decoded(deflate, "Deflate", Protocol.JSON)).isEqualTo(body);
    assertThat(decoded(body, "identity", Protocol.JSON)).isEqualTo(body);
  }

  @Test
  void jsonServicesAnswerAnUndecodableBody500AndOthersKeepTheir400() {
    byte[] plain = "{}".getBytes(StandardCharsets.UTF_8);
    for (String coding : new String[] {"gzip", "deflate", "garbage"}) {
      assertThatThrownBy(() -> decoded(plain, coding, Protocol.JSON))
          .isInstanceOfSatisfying(
              AwsException.class,
              e -> {
                assertThat(e.status()).isEqualTo(500);
                assertThat(e.code()).isEqualTo("InternalServerError");
              });
    }
    assertThatThrownBy(() -> decoded(plain, "gzip", Protocol.QUERY))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThat(decoded(plain, "garbage", Protocol.QUERY)).isEqualTo(plain);
  }

  private static byte[] decoded(byte[] body, String coding, Protocol protocol) {
    Headers headers = new Headers().set("Content-Encoding", coding);
    WireRequest request = WireRequest.of("POST", "/", headers, RequestBody.of(body), "127.0.0.1");
    return ContentCodings.decodeRequest(request, protocol).body().readAllBytes();
  }
}
