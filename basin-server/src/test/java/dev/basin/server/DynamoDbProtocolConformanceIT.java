package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.auth.SigV4Signer;
import dev.basin.core.protocol.Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DynamoDB's HTTP side as its conformance tests pin it down: {@code x-amz-crc32} on every response,
 * compressed requests ({@code Content-Encoding} gzip and deflate, 500 when undecodable), compressed
 * responses from 4 KiB on as {@code Accept-Encoding} asks, and the skew errors of SigV4.
 */
class DynamoDbProtocolConformanceIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String TABLE = "protocol";

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
    ddb.createTable(
        b ->
            b.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(
                    KeySchemaElement.builder().attributeName("p").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                    a -> a.attributeName("p").attributeType(ScalarAttributeType.S)));
  }

  @AfterAll
  static void stop() throws Exception {
    ddb.close();
    basin.close();
  }

  @Test
  void everyResponseCarriesTheCrc32OfItsBody() throws Exception {
    put("crc", "hello");
    HttpResponse<byte[]> ok = send("GetItem", getItem("crc"), Map.of());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(crcHeader(ok)).isEqualTo(crc32(ok.body()));

    HttpResponse<byte[]> error =
        send(
            "GetItem",
            "{\"TableName\":\"missing\",\"Key\":{\"p\":{\"S\":\"x\"}}}".getBytes(),
            Map.of());
    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(new String(error.body())).contains("ResourceNotFoundException");
    assertThat(crcHeader(error)).isEqualTo(crc32(error.body()));
  }

  @Test
  void otherServicesSendNoCrc32() throws Exception {
    byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes();
    Headers headers = signed("sts", body, Instant.now());
    headers.set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    HttpResponse<byte[]> response = post(headers, body, Map.of("Accept-Encoding", "gzip"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-amz-crc32")).isEmpty();
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void gzipAndDeflateRequestsAreDecoded() throws Exception {
    HttpResponse<byte[]> gzip =
        send("PutItem", gzip(putItem("gz", "v1")), Map.of("Content-Encoding", "gzip"));
    assertThat(gzip.statusCode()).as(new String(gzip.body())).isEqualTo(200);
    assertThat(value("gz")).isEqualTo("v1");

    byte[] whole = putItem("gz2", "v2");
    byte[] twoMembers = concat(gzip(slice(whole, 0, 10)), gzip(slice(whole, 10, whole.length)));
    assertThat(send("PutItem", twoMembers, Map.of("Content-Encoding", "gzip")).statusCode())
        .isEqualTo(200);
    assertThat(value("gz2")).isEqualTo("v2");

    HttpResponse<byte[]> deflate =
        send("PutItem", deflate(putItem("df", "v3")), Map.of("Content-Encoding", "deflate"));
    assertThat(deflate.statusCode()).isEqualTo(200);
    assertThat(value("df")).isEqualTo("v3");
  }

  @Test
  void anUndecodableOrUnknownContentEncodingIsAnInternalServerError() throws Exception {
    byte[] plain = putItem("bad", "x");
    byte[] truncated = gzip(plain);
    truncated = slice(truncated, 0, truncated.length - 1);
    for (Map.Entry<byte[], String> attempt :
        Map.of(plain, "gzip", truncated, "gzip", new byte[0], "deflate", "x".getBytes(), "garbage")
            .entrySet()) {
      HttpResponse<byte[]> response =
          send("PutItem", attempt.getKey(), Map.of("Content-Encoding", attempt.getValue()));
      assertThat(response.statusCode()).as(attempt.getValue()).isEqualTo(500);
      assertThat(new String(response.body())).contains("InternalServerError");
    }
    assertThat(ddb.getItem(b -> b.tableName(TABLE).key(key("bad"))).hasItem()).isFalse();
  }

  @Test
  void largeResponsesAreCompressedAsAcceptEncodingAsks() throws Exception {
    String large = "x".repeat(5000);
    put("large", large);
    put("small", "y");

    HttpResponse<byte[]> gzip =
        send("GetItem", getItem("large"), Map.of("Accept-Encoding", "gzip"));
    assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(crcHeader(gzip)).isEqualTo(crc32(gzip.body()));
    assertThat(gzip.body().length).isLessThan(1000);
    assertThat(
            new String(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes()))
        .contains(large);

    HttpResponse<byte[]> deflate =
        send("GetItem", getItem("large"), Map.of("Accept-Encoding", "gzip;q=0.5, deflate"));
    assertThat(deflate.headers().firstValue("Content-Encoding")).contains("deflate");
    assertThat(
            new String(
                new InflaterInputStream(new ByteArrayInputStream(deflate.body())).readAllBytes()))
        .contains(large);

    for (String refused : new String[] {"identity", "br", "gzip;q=0", "*;q=0", "x-gzip"}) {
      HttpResponse<byte[]> plain =
          send("GetItem", getItem("large"), Map.of("Accept-Encoding", refused));
      assertThat(plain.headers().firstValue("Content-Encoding")).as(refused).isEmpty();
      assertThat(new String(plain.body())).contains(large);
    }
    HttpResponse<byte[]> small =
        send("GetItem", getItem("small"), Map.of("Accept-Encoding", "gzip"));
    assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void theSdkReadsCompressedAndChecksummedResponses() {
    String large = "z".repeat(20_000);
    put("sdk", large);
    assertThat(value("sdk")).isEqualTo(large);
  }

  @Test
  void aSignatureTooOldOrTooNewIsRefusedBeforeItsCredentialIsRead() throws Exception {
    HttpResponse<String> expired = skewed("20170101T010101Z");
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(expired.body())
        .contains("InvalidSignatureException")
        .contains("Signature expired: 20170101T010101Z is now earlier than");

    HttpResponse<String> future = skewed("30200101T010101Z");
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(future.body())
        .contains("InvalidSignatureException")
        .contains("Signature not yet current: 30200101T010101Z is still later than");
  }

  @Test
  void readsCheckSelectStartKeysAndSegmentsAsDynamoDb() {
    String table = "reads";
    ddb.createTable(
        b ->
            b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(
                    KeySchemaElement.builder().attributeName("p").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("c").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                    a -> a.attributeName("p").attributeType(ScalarAttributeType.S),
                    a -> a.attributeName("c").attributeType(ScalarAttributeType.S)));
    for (int i = 0; i < 5; i++) {
      String c = "c" + i;
      ddb.putItem(b -> b.tableName(table).item(Map.of("p", s("p"), "c", s(c), "x", s("x" + c))));
    }
    Map<String, Condition> byP =
        Map.of(
            "p",
            Condition.builder()
                .comparisonOperator(ComparisonOperator.EQ)
                .attributeValueList(s("p"))
                .build());

    assertValidation(() -> ddb.scan(b -> b.tableName(table).select("UNKNOWN")), "enum value set");
    assertValidation(
        () -> ddb.query(b -> b.tableName(table).keyConditions(byP).select("count")),
        "enum value set");
    assertValidation(
        () -> ddb.query(b -> b.tableName(table).keyConditions(byP).attributesToGet(List.of())),
        "attributesToGet");
    assertValidation(
        () ->
            ddb.scan(
                b ->
                    b.tableName(table)
                        .exclusiveStartKey(Map.of("p", s("p"), "c", s("c1"), "x", s("y")))),
        "The provided starting key is invalid");
    // A start key of the partition in one segment of two is refused by the other segment.
    assertThat(
            ddb.scan(b -> b.tableName(table).totalSegments(2).segment(0)).count()
                + ddb.scan(b -> b.tableName(table).totalSegments(2).segment(1)).count())
        .isEqualTo(5);
    int segmentOfP =
        ddb.scan(b -> b.tableName(table).totalSegments(2).segment(0)).count() > 0 ? 0 : 1;
    assertValidation(
        () ->
            ddb.scan(
                b ->
                    b.tableName(table)
                        .totalSegments(2)
                        .segment(1 - segmentOfP)
                        .exclusiveStartKey(Map.of("p", s("p"), "c", s("c1")))),
        "Exclusive start key does not map to the provided Segment");

    // KeyConditions combines with the expression parameters other than KeyConditionExpression.
    List<Map<String, AttributeValue>> projected =
        ddb.query(
                b ->
                    b.tableName(table)
                        .keyConditions(byP)
                        .projectionExpression("x")
                        .filterExpression("x <> :no")
                        .expressionAttributeValues(Map.of(":no", s("xc0"))))
            .items();
    assertThat(projected).hasSize(4).allSatisfy(item -> assertThat(item).containsOnlyKeys("x"));
    assertValidation(
        () ->
            ddb.query(
                b ->
                    b.tableName(table)
                        .keyConditions(byP)
                        .keyConditionExpression("p = :p")
                        .expressionAttributeValues(Map.of(":p", s("p")))),
        "Can not use both expression and non-expression parameters");
  }

  private static void assertValidation(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage()).contains(message);
            });
  }

  private static HttpResponse<String> skewed(String amzDate) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(basin.endpoint())
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Date", amzDate)
            .header("X-Amz-Target", "DynamoDB_20120810.DescribeEndpoints")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=someone/2/3/4/aws4_request"
                    + " SignedHeaders=x-amz-date;host Signature=123")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void put(String p, String value) {
    ddb.putItem(b -> b.tableName(TABLE).item(Map.of("p", s(p), "v", s(value))));
  }

  private static String value(String p) {
    return ddb.getItem(b -> b.tableName(TABLE).key(key(p)).consistentRead(true))
        .item()
        .get("v")
        .s();
  }

  private static Map<String, AttributeValue> key(String p) {
    return Map.of("p", s(p));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  private static byte[] putItem(String p, String value) {
    return ("{\"TableName\":\""
            + TABLE
            + "\",\"Item\":{\"p\":{\"S\":\""
            + p
            + "\"},\"v\":{\"S\":\""
            + value
            + "\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] getItem(String p) {
    return ("{\"TableName\":\"" + TABLE + "\",\"Key\":{\"p\":{\"S\":\"" + p + "\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A DynamoDB call signed over {@code body} as sent; {@code extra} headers are signed too. */
  private static HttpResponse<byte[]> send(String operation, byte[] body, Map<String, String> extra)
      throws Exception {
    Headers headers = new Headers();
    headers.set("Content-Type", "application/x-amz-json-1.0");
    headers.set("X-Amz-Target", "DynamoDB_20120810." + operation);
    extra.forEach(headers::set);
    return post(signed("dynamodb", body, Instant.now(), headers), body, Map.of());
  }

  private static Headers signed(String service, byte[] body, Instant time) {
    return signed(service, body, time, new Headers());
  }

  private static Headers signed(String service, byte[] body, Instant time, Headers headers) {
    headers.set("Host", basin.endpoint().getAuthority());
    new SigV4Signer("test", "test", null, "us-east-1", service)
        .sign("POST", "/", headers, SigV4Signer.sha256Hex(body), false, time);
    return headers;
  }

  private static HttpResponse<byte[]> post(
      Headers headers, byte[] body, Map<String, String> unsigned) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(basin.endpoint() + "/"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, values) -> {
          if (!name.equalsIgnoreCase("Host")) {
            request.header(name, values.get(0));
          }
        });
    unsigned.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static long crcHeader(HttpResponse<?> response) {
    return Long.parseLong(response.headers().firstValue("x-amz-crc32").orElseThrow());
  }

  private static long crc32(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return crc.getValue();
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
      deflate.write(body);
    }
    return out.toByteArray();
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return java.util.Arrays.copyOfRange(bytes, from, to);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
