package dev.basin.core.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.Timestamps;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Operation resolution, tag-1 timestamps, blobs and errors of {@link CborCodec}. */
class CborCodecTest {
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private static final ResponseMeta META = new ResponseMeta("r", false);
  private static final String PREFIX = "/service/GraniteServiceVersion20100801/operation/";

  private final CborCodec codec = new CborCodec();
  private final ServiceModel cloudWatch = new ServiceModelLoader().load("monitoring");

  private static WireRequest request(String path, byte[] body) {
    Headers headers =
        new Headers().set("smithy-protocol", "rpc-v2-cbor").set("Content-Type", "application/cbor");
    return WireRequest.of("POST", path, headers, RequestBody.of(body), "127.0.0.1");
  }

  private static byte[] body(CborWriter writer) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator generator = (CBORGenerator) CBOR.getFactory().createGenerator(out)) {
      writer.write(generator);
    }
    return out.toByteArray();
  }

  interface CborWriter {
    void write(CBORGenerator generator) throws Exception;
  }

  @Test
  void resolvesTheOperationFromThePath() {
    assertThat(
            codec.resolveOperation(cloudWatch, request(PREFIX + "ListMetrics", new byte[0])).name())
        .isEqualTo("ListMetrics");
    assertThat(
            codec
                .resolveOperation(
                    cloudWatch, request("/base" + PREFIX + "PutMetricData", new byte[0]))
                .name())
        .isEqualTo("PutMetricData");
    for (String path :
        new String[] {
          "/",
          PREFIX + "NoSuchThing",
          PREFIX,
          "/service/Other/operation/ListMetrics",
          PREFIX + "ListMetrics/extra"
        }) {
      AwsException e =
          catchThrowableOfType(
              AwsException.class,
              () -> codec.resolveOperation(cloudWatch, request(path, new byte[0])));
      assertThat(e).as(path).isNotNull();
      assertThat(e.code()).isEqualTo("UnknownOperationException");
    }
  }

  @Test
  void emptyBodyIsAnEmptyInput() {
    WireRequest request = request(PREFIX + "ListDashboards", new byte[0]);
    OperationModel operation = codec.resolveOperation(cloudWatch, request);
    assertThat(codec.decodeInput(cloudWatch, operation, request)).isEmpty();
  }

  @Test
  void decodesTaggedTimestampsIndefiniteMapsAndDropsUnknownMembers() throws Exception {
    byte[] body =
        body(
            g -> {
              g.writeStartObject(); // indefinite length
              g.writeStringField("Namespace", "N");
              g.writeFieldName("Unknown");
              g.writeBinary(new byte[] {1});
              g.writeArrayFieldStart("MetricData");
              g.writeStartObject();
              g.writeStringField("MetricName", "M");
              g.writeFieldName("Timestamp");
              g.writeTag(1);
              g.writeNumber(1704164645L);
              g.writeFieldName("Value");
              g.writeNumber(2.5f);
              g.writeEndObject();
              g.writeStartObject();
              g.writeStringField("MetricName", "M2");
              g.writeFieldName("Timestamp");
              g.writeTag(1);
              g.writeNumber(1704164645.25d);
              g.writeEndObject();
              g.writeEndArray();
              g.writeEndObject();
            });
    WireRequest request = request(PREFIX + "PutMetricData", body);
    ObjectNode input =
        codec.decodeInput(cloudWatch, codec.resolveOperation(cloudWatch, request), request);
    assertThat(input.has("Unknown")).isFalse();
    JsonNode first = input.get("MetricData").get(0);
    assertThat(first.get("Timestamp")).isInstanceOf(DecimalNode.class);
    assertThat(Timestamps.instant(first.get("Timestamp")))
        .isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(first.get("Value").doubleValue()).isEqualTo(2.5);
    assertThat(Timestamps.instant(input.get("MetricData").get(1).get("Timestamp")))
        .isEqualTo(Instant.parse("2024-01-02T03:04:05.250Z"));
  }

  @Test
  void malformedAndMistypedBodiesAreSerializationExceptions() throws Exception {
    WireRequest truncated = request(PREFIX + "ListMetrics", new byte[] {(byte) 0xa1, 0x61});
    AwsException e =
        catchThrowableOfType(
            AwsException.class,
            () ->
                codec.decodeInput(
                    cloudWatch, codec.resolveOperation(cloudWatch, truncated), truncated));
    assertThat(e.code()).isEqualTo("SerializationException");

    byte[] mistyped =
        body(
            g -> {
              g.writeStartObject();
              g.writeNumberField("Namespace", 3);
              g.writeEndObject();
            });
    WireRequest request = request(PREFIX + "ListMetrics", mistyped);
    AwsException typeError =
        catchThrowableOfType(
            AwsException.class,
            () ->
                codec.decodeInput(
                    cloudWatch, codec.resolveOperation(cloudWatch, request), request));
    assertThat(typeError.code()).isEqualTo("SerializationException");
  }

  @Test
  void encodesTimestampsAsTagOneDoublesAndBlobsAsByteStrings() throws Exception {
    ObjectNode output = CBOR.createObjectNode();
    ObjectNode result = output.putArray("MetricDataResults").addObject();
    result.put("Id", "m");
    result.putArray("Timestamps").add(Timestamps.node(Instant.parse("2024-01-02T03:04:05.5Z")));
    WireResponse response =
        codec.encodeOutput(
            cloudWatch, cloudWatch.operation("GetMetricData").orElseThrow(), output, META);
    assertThat(response.headers().get("smithy-protocol")).isEqualTo("rpc-v2-cbor");
    assertThat(response.headers().get("Content-Type")).isEqualTo("application/cbor");
    byte[] bytes = ((ResponseBody.Bytes) response.body()).bytes();
    try (CBORParser parser = (CBORParser) CBOR.getFactory().createParser(bytes)) {
      JsonToken token;
      boolean sawTimestamp = false;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
          assertThat(parser.getCurrentTag()).isEqualTo(1);
          assertThat(parser.getNumberType())
              .isEqualTo(com.fasterxml.jackson.core.JsonParser.NumberType.DOUBLE);
          assertThat(parser.getDoubleValue()).isEqualTo(1704164645.5);
          sawTimestamp = true;
        }
      }
      assertThat(sawTimestamp).isTrue();
    }

    ServiceModel toy =
        ServiceModelLoader.parse(
            "toy",
            new ObjectMapper()
                .readTree(
                    """
                    {"metadata":{"protocol":"smithy-rpc-v2-cbor","targetPrefix":"Toy","serviceId":"Toy"},
                     "operations":{"Get":{"name":"Get","output":{"shape":"Out"}}},
                     "shapes":{"Out":{"type":"structure","members":{"B":{"shape":"Blob"}}},
                               "Blob":{"type":"blob"}}}
                    """));
    ObjectNode blobOutput = CBOR.createObjectNode().set("B", BinaryNode.valueOf(new byte[] {9, 8}));
    byte[] blobBytes =
        ((ResponseBody.Bytes)
                codec
                    .encodeOutput(toy, toy.operation("Get").orElseThrow(), blobOutput, META)
                    .body())
            .bytes();
    try (CBORParser parser = (CBORParser) CBOR.getFactory().createParser(blobBytes)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      assertThat(parser.nextFieldName()).isEqualTo("B");
      assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_EMBEDDED_OBJECT);
      assertThat(parser.getBinaryValue()).containsExactly(9, 8);
    }
  }

  @Test
  void errorsCarryTheShapeIdAndQueryErrorHeader() throws Exception {
    WireResponse response =
        codec.encodeError(
            cloudWatch,
            cloudWatch.operation("DeleteDashboards").orElseThrow(),
            new AwsException("ResourceNotFound", 404, "gone"),
            META);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.headers().get("smithy-protocol")).isEqualTo("rpc-v2-cbor");
    assertThat(response.headers().get("x-amzn-query-error")).isEqualTo("ResourceNotFound;Sender");
    JsonNode body = CBOR.readTree(((ResponseBody.Bytes) response.body()).bytes());
    assertThat(body.get("__type").textValue())
        .isEqualTo("com.amazonaws.cloudwatch#DashboardNotFoundError");
    assertThat(body.get("message").textValue()).isEqualTo("gone");
  }
}
