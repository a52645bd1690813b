package dev.basin.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AttributeValuesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "1.50, 1.5",
    "01, 1",
    "1E+2, 100",
    "1e2, 100",
    "-0, 0",
    "0.000, 0",
    "1e-3, 0.001",
    "-12.3400, -12.34",
    "+5, 5",
    ".5, 0.5",
    "100, 100",
    "1.0E2, 100",
    "-007.10, -7.1",
    "123456789012345678901234567890.12345678, 123456789012345678901234567890.12345678"
  })
  void numbersAreNormalizedAsDynamoDbReturnsThem(String input, String canonical) {
    assertThat(AttributeValues.normalizeNumber(input)).isEqualTo(canonical);
    assertThat(AttributeValues.canonicalValue(json("{'N':'" + input + "'}")).get("N").asText())
        .isEqualTo(canonical);
  }

  static Stream<Arguments> invalidNumbers() {
    return Stream.of(
        Arguments.of("abc", "The parameter cannot be converted to a numeric value: abc"),
        Arguments.of("1..2", "The parameter cannot be converted to a numeric value: 1..2"),
        Arguments.of("", "The parameter cannot be converted to a numeric value"),
        Arguments.of(
            "1E126",
            "Number overflow. Attempting to store a number with magnitude larger than supported"
                + " range"),
        Arguments.of(
            "-1E126",
            "Number overflow. Attempting to store a number with magnitude larger than supported"
                + " range"),
        Arguments.of(
            "1E-131",
            "Number underflow. Attempting to store a number with magnitude smaller than supported"
                + " range"),
        Arguments.of(
            "1234567890123456789012345678901234567891",
            "Attempting to store more than 38 significant digits in a Number"));
  }

  @Test
  void aComputedNumberTooPreciseToStoreIsAnOverflow() {
    // 1e50 - 1 needs 50 digits: DynamoDB reports the result of arithmetic as an overflow.
    assertThatThrownBy(
            () -> AttributeValues.checkRange(new BigDecimal("1e50").subtract(BigDecimal.ONE)))
        .isInstanceOf(AwsException.class)
        .hasMessage(
            "Number overflow. Attempting to store a number with magnitude larger than supported"
                + " range");
    AttributeValues.checkRange(new BigDecimal("1e50").add(new BigDecimal("1e50")));
  }

  @ParameterizedTest
  @MethodSource("invalidNumbers")
  void invalidNumbersAreRejected(String input, String message) {
    assertThatThrownBy(() -> AttributeValues.normalizeNumber(input))
        .isInstanceOf(AwsException.class)
        .hasMessage(message)
        .extracting(e -> ((AwsException) e).code())
        .isEqualTo("ValidationException");
  }

  @ParameterizedTest
  @CsvSource({
    "9.9999999999999999999999999999999999999E+125",
    "-9.9999999999999999999999999999999999999E+125",
    "1E-130",
    "12345678901234567890123456789012345678",
    "1234567890123456789012345678901234567800000"
  })
  void limitsAreInclusive(String input) {
    assertThat(AttributeValues.parseNumber(input).signum()).isNotZero();
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of(
            "{}",
            "Supplied AttributeValue is empty, must contain exactly one of the supported"
                + " datatypes"),
        Arguments.of(
            "{'S':'a','N':'1'}",
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of"
                + " the supported datatypes"),
        Arguments.of(
            "{'SS':[]}",
            "One or more parameter values were invalid: An AttributeValue may not contain an empty"
                + " set."),
        Arguments.of(
            "{'NS':[]}",
            "One or more parameter values were invalid: An AttributeValue may not contain an empty"
                + " set."),
        Arguments.of(
            "{'SS':['a','b','a']}",
            "One or more parameter values were invalid: Input collection [a, b, a] contains"
                + " duplicates."),
        Arguments.of("{'NS':['1','1.0']}", "Input collection contains duplicates"),
        Arguments.of(
            "{'BS':['AQ==','AQ==']}",
            "One or more parameter values were invalid: Input collection [AQ==, AQ==]of type BS"
                + " contains duplicates."),
        Arguments.of(
            "{'NULL':false}",
            "One or more parameter values were invalid: Null attribute value types must have the"
                + " value of true"),
        Arguments.of(
            "{'M':{'x':{'N':'x1'}}}", "The parameter cannot be converted to a numeric value: x1"),
        Arguments.of(
            "{'L':[{'SS':[]}]}",
            "One or more parameter values were invalid: An AttributeValue may not contain an empty"
                + " set."));
  }

  @ParameterizedTest
  @MethodSource("invalidValues")
  void invalidValuesAreRejected(String value, String message) {
    assertThatThrownBy(() -> AttributeValues.canonicalValue(json(value)))
        .isInstanceOf(AwsException.class)
        .hasMessage(message);
  }

  @Test
  void canonicalItemNormalizesNestedNumbersAndBinaries() throws Exception {
    ObjectNode item =
        AttributeValues.canonicalItem(
            json(
                "{'id':{'S':''},'b':{'B':'AQI='},'m':{'M':{'n':{'N':'01.0'}}},"
                    + "'ns':{'NS':['1.50','2']},'bs':{'BS':['AQ==']}}"));
    assertThat(item.get("id").get("S").asText()).isEmpty();
    assertThat(item.get("b").get("B").isBinary()).isTrue();
    assertThat(item.get("b").get("B").binaryValue()).containsExactly(1, 2);
    assertThat(item.at("/m/M/n/N").asText()).isEqualTo("1");
    assertThat(item.at("/ns/NS/0").asText()).isEqualTo("1.5");
    assertThat(item.at("/bs/BS/0").isBinary()).isTrue();
  }

  @Test
  void binaryNodesAreAcceptedLikeBase64Text() {
    ObjectNode fromCodec = JsonNodeFactory.instance.objectNode();
    fromCodec.set("B", BinaryNode.valueOf(new byte[] {1, 2, 3}));
    assertThat(AttributeValues.equal(fromCodec, json("{'B':'AQID'}"))).isTrue();
    assertThat(AttributeValues.size(fromCodec)).isEqualTo(3);
  }

  static Stream<Arguments> comparisons() {
    return Stream.of(
        Arguments.of("{'N':'10'}", "{'N':'9'}", 1),
        Arguments.of("{'N':'-10'}", "{'N':'9'}", -1),
        Arguments.of("{'N':'1.0'}", "{'N':'1'}", 0),
        Arguments.of("{'N':'1E2'}", "{'N':'99.9'}", 1),
        Arguments.of("{'S':'a'}", "{'S':'b'}", -1),
        Arguments.of("{'S':'Z'}", "{'S':'a'}", -1),
        Arguments.of("{'S':'ab'}", "{'S':'a'}", 1),
        // U+FFFF (EF BF BF) sorts before U+1F600 (F0 9F 98 80) in UTF-8, unlike UTF-16 order.
        Arguments.of("{'S':'\uFFFF'}", "{'S':'\uD83D\uDE00'}", -1),
        Arguments.of("{'S':'é'}", "{'S':'z'}", 1),
        Arguments.of("{'B':'fw=='}", "{'B':'gA=='}", -1),
        Arguments.of("{'B':'AQ=='}", "{'B':'AQI='}", -1));
  }

  @ParameterizedTest
  @MethodSource("comparisons")
  void compareOrdersLikeDynamoDb(String a, String b, int sign) {
    assertThat(Integer.signum(AttributeValues.compare(json(a), json(b)))).isEqualTo(sign);
    assertThat(Integer.signum(AttributeValues.compare(json(b), json(a)))).isEqualTo(-sign);
  }

  @Test
  void onlySameScalarTypesAreComparable() {
    assertThat(AttributeValues.comparable(json("{'N':'1'}"), json("{'S':'1'}"))).isFalse();
    assertThat(AttributeValues.comparable(json("{'BOOL':true}"), json("{'BOOL':true}"))).isFalse();
    assertThatThrownBy(() -> AttributeValues.compare(json("{'N':'1'}"), json("{'S':'1'}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'SS':['a','b']}|{'SS':['b','a']}|true",
        "{'SS':['a','b']}|{'SS':['a']}|false",
        "{'NS':['1','2.0']}|{'NS':['2','1']}|true",
        "{'BS':['AQ==','Ag==']}|{'BS':['Ag==','AQ==']}|true",
        "{'L':[{'S':'a'},{'S':'b'}]}|{'L':[{'S':'b'},{'S':'a'}]}|false",
        "{'L':[{'N':'1'}]}|{'L':[{'N':'1.0'}]}|true",
        "{'M':{'a':{'S':'x'},'b':{'N':'1'}}}|{'M':{'b':{'N':'1'},'a':{'S':'x'}}}|true",
        "{'M':{'a':{'S':'x'}}}|{'M':{'a':{'S':'y'}}}|false",
        "{'S':'1'}|{'N':'1'}|false",
        "{'NULL':true}|{'NULL':true}|true",
        "{'BOOL':true}|{'BOOL':false}|false"
      })
  void equalityIgnoresSetOrder(String a, String b, boolean equal) {
    assertThat(AttributeValues.equal(json(a), json(b))).isEqualTo(equal);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'S':'hello'}|5",
        "{'S':'héllo'}|6",
        "{'S':''}|0",
        "{'B':'AQID'}|3",
        "{'SS':['a','b','c']}|3",
        "{'NS':['1']}|1",
        "{'L':[{'S':'a'},{'N':'1'}]}|2",
        "{'M':{'a':{'S':'x'}}}|1",
        "{'N':'12345'}|-1",
        "{'BOOL':true}|-1",
        "{'NULL':true}|-1"
      })
  void sizeFunctionRules(String value, int size) {
    assertThat(AttributeValues.size(json(value))).isEqualTo(size);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'id':{'S':'abc'}}|5",
        "{'é':{'S':'é'}}|4",
        "{'n':{'N':'1'}}|3",
        "{'n':{'N':'12'}}|3",
        "{'n':{'N':'1.2'}}|4",
        "{'n':{'N':'-1'}}|4",
        "{'n':{'N':'0'}}|2",
        "{'n':{'N':'123456'}}|5",
        "{'b':{'B':'AQID'}}|4",
        "{'t':{'BOOL':true},'z':{'NULL':true}}|4",
        "{'ss':{'SS':['ab','c']}}|5",
        "{'l':{'L':[{'S':'a'}]}}|6",
        "{'m':{'M':{'a':{'S':'b'}}}}|7",
        "{'m':{'M':{}}}|4"
      })
  void itemSizeFollowsDynamoDbsFormula(String item, long size) {
    assertThat(AttributeValues.itemSize(json(item))).isEqualTo(size);
  }
}
