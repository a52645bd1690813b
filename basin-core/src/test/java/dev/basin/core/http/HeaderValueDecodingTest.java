package dev.basin.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Header values arrive one char per byte; UTF-8 ones are decoded as the client meant them. */
class HeaderValueDecodingTest {
  private static String onTheWire(String value, java.nio.charset.Charset sentAs) {
    return new String(value.getBytes(sentAs), StandardCharsets.ISO_8859_1);
  }

  @Test
  void asciiValuesAreReturnedAsTheyAre() {
    String value = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request";
    assertThat(GatewayChannelHandler.utf8(value)).isSameAs(value);
  }

  @Test
  void utf8BytesBecomeTheCharactersTheClientSent() {
    for (String value :
        new String[] {"Hello World\u00e9", "\u020d caf\u00e9 \u8868", "\uD83D\uDD11"}) {
      assertThat(GatewayChannelHandler.utf8(onTheWire(value, StandardCharsets.UTF_8)))
          .isEqualTo(value);
    }
  }

  @Test
  void bytesThatAreNotUtf8AreKeptAsTheyCame() {
    String latin1 = onTheWire("caf\u00e9", StandardCharsets.ISO_8859_1);
    assertThat(GatewayChannelHandler.utf8(latin1)).isEqualTo("caf\u00e9");
    String broken = "\u00c3(";
    assertThat(GatewayChannelHandler.utf8(broken)).isEqualTo(broken);
  }
}
