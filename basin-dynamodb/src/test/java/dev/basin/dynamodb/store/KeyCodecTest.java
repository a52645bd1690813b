package dev.basin.dynamodb.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.dynamodb.AttributeValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyCodecTest {

  @Test
  void numberEncodingsSortByValue() {
    Random random = new Random(7);
    List<BigDecimal> values =
        new ArrayList<>(
            List.of(
                BigDecimal.ZERO,
                new BigDecimal("1E+125"),
                new BigDecimal("-1E+125"),
                new BigDecimal("1E-130"),
                new BigDecimal("-1E-130"),
                new BigDecimal("1.2"),
                new BigDecimal("1.23"),
                new BigDecimal("-1.2"),
                new BigDecimal("-1.23")));
    for (int i = 0; i < 2000; i++) {
      values.add(new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(40) - 20));
    }
    for (int i = 0; i < values.size(); i++) {
      for (int j = Math.max(0, i - 50); j < i; j++) {
        BigDecimal a = values.get(i);
        BigDecimal b = values.get(j);
        byte[] ea = KeyCodec.encode(AttributeValues.number(a));
        byte[] eb = KeyCodec.encode(AttributeValues.number(b));
        assertThat(Integer.signum(Arrays.compareUnsigned(ea, eb)))
            .as("%s vs %s", a, b)
            .isEqualTo(a.compareTo(b));
      }
    }
  }

  @Test
  void stringsSortByUtf8BytesAndPrefixEndBoundsBeginsWith() {
    byte[] a = KeyCodec.encode(AttributeValues.string("\uFFFF"));
    byte[] b = KeyCodec.encode(AttributeValues.string("\uD83D\uDE00"));
    assertThat(Arrays.compareUnsigned(a, b)).isNegative();
    byte[] end = KeyCodec.prefixEnd(KeyCodec.encode(AttributeValues.string("ab")));
    assertThat(Arrays.compareUnsigned(KeyCodec.encode(AttributeValues.string("abzzz")), end))
        .isNegative();
    assertThat(Arrays.compareUnsigned(KeyCodec.encode(AttributeValues.string("ac")), end)).isZero();
    assertThat(KeyCodec.prefixEnd(new byte[] {(byte) 0xFF})).isNull();
  }
}
