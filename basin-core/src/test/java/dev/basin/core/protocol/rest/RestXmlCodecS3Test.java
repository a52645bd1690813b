package dev.basin.core.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.Timestamps;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** The rest-xml codec against botocore's S3 model, with the AWS SDK for Java v2 as oracle. */
class RestXmlCodecS3Test {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static ServiceModel s3;
  private static CodecTestServer server;
  private static S3Client client;

  @TempDir static Path temp;

  @BeforeAll
  static void start() throws Exception {
    s3 = new ServiceModelLoader().load("s3");
    server = new CodecTestServer(new RestXmlCodec(), s3);
    client =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .forcePathStyle(true)
            // aws-chunked framing is the gateway's to undo, not the codec's: send plain bodies
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .region(Region.US_EAST_1)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void createBucketReadsTheConfigurationPayload() {
    server.respond((operation, input) -> MAPPER.createObjectNode().put("Location", "/bkt"));

    var response =
        client.createBucket(
            b ->
                b.bucket("bkt")
                    .createBucketConfiguration(
                        c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));

    CodecTestServer.Exchange seen = server.last();
    assertThat(seen.operation().name()).isEqualTo("CreateBucket");
    assertThat(seen.input().get("Bucket").asText()).isEqualTo("bkt");
    assertThat(seen.input().at("/CreateBucketConfiguration/LocationConstraint").asText())
        .isEqualTo("eu-west-1");
    assertThat(response.location()).isEqualTo("/bkt");
  }

  @Test
  void putObjectStreamsTheBodyAndReadsMetadataHeaders() {
    server.respond(
        (operation, input) ->
            MAPPER.createObjectNode().put("ETag", "\"abc\"").put("VersionId", "v1"));
    String key = "dir/with space/a+b//é.txt/";

    var response =
        client.putObject(
            b ->
                b.bucket("bkt")
                    .key(key)
                    .contentType("text/plain")
                    .storageClass(StorageClass.STANDARD_IA)
                    .metadata(Map.of("Color", "blue", "owner-id", "42")),
            RequestBody.fromString("hello world"));

    CodecTestServer.Exchange seen = server.last();
    assertThat(seen.operation().name()).isEqualTo("PutObject");
    ObjectNode input = seen.input();
    assertThat(input.get("Key").asText()).isEqualTo(key);
    assertThat(input.get("Body")).isInstanceOf(POJONode.class);
    assertThat(new String(seen.streamedBody(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    assertThat(input.get("ContentType").asText()).isEqualTo("text/plain");
    assertThat(input.get("StorageClass").asText()).isEqualTo("STANDARD_IA");
    assertThat(input.get("Metadata").get("color").asText()).isEqualTo("blue");
    assertThat(input.get("Metadata").get("owner-id").asText()).isEqualTo("42");
    assertThat(input.get("ContentLength").longValue()).isEqualTo(11L);
    assertThat(response.eTag()).isEqualTo("\"abc\"");
    assertThat(response.versionId()).isEqualTo("v1");
  }

  @Test
  void getObjectPassesStreamBodiesThroughWithResponseHeaders() {
    Instant modified = Instant.parse("2024-03-04T05:06:07Z");
    byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          out.put("ContentType", "application/octet-stream");
          out.put("ContentLength", 4L);
          out.put("ContentRange", "bytes 2-5/10");
          out.put("ETag", "\"e\"");
          out.set("LastModified", Timestamps.node(modified));
          out.putObject("Metadata").put("color", "red");
          out.set(
              "Body",
              new POJONode(new ResponseBody.Stream(new ByteArrayInputStream(content, 2, 4), 4)));
          return out;
        });

    ResponseBytes<GetObjectResponse> bytes =
        client.getObjectAsBytes(b -> b.bucket("bkt").key("k").range("bytes=2-5"));

    assertThat(server.last().operation().name()).isEqualTo("GetObject");
    assertThat(server.last().input().get("Range").asText()).isEqualTo("bytes=2-5");
    assertThat(bytes.asUtf8String()).isEqualTo("2345");
    GetObjectResponse response = bytes.response();
    assertThat(response.contentRange()).isEqualTo("bytes 2-5/10");
    assertThat(response.lastModified()).isEqualTo(modified);
    assertThat(response.metadata()).containsEntry("color", "red");
    assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
  }

  @Test
  void getObjectPassesFileRegionsThroughUntouched() throws Exception {
    Path file = Files.writeString(temp.resolve("object.bin"), "abcdefghij");
    ResponseBody.FileRegion region = new ResponseBody.FileRegion(file, 3, 5);
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          out.put("ContentLength", 5L);
          out.set("Body", new POJONode(region));
          return out;
        });
    var operation = s3.operation("GetObject").orElseThrow();
    ObjectNode output = MAPPER.createObjectNode();
    output.set("Body", new POJONode(region));
    var wire =
        new RestXmlCodec()
            .encodeOutput(
                s3, operation, output, new dev.basin.core.protocol.ResponseMeta("r", false));
    assertThat(wire.body()).isSameAs(region);

    assertThat(client.getObjectAsBytes(b -> b.bucket("bkt").key("k")).asUtf8String())
        .isEqualTo("defgh");
  }

  @Test
  void headObjectAnswersHeadersOnly() {
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          out.put("ContentLength", 1234L);
          out.put("ETag", "\"h\"");
          out.put("ContentType", "image/png");
          out.set("LastModified", Timestamps.node(Instant.parse("2023-01-01T00:00:00Z")));
          out.putObject("Metadata").put("k", "v");
          return out;
        });

    HeadObjectResponse response = client.headObject(b -> b.bucket("bkt").key("img.png"));

    assertThat(server.last().operation().name()).isEqualTo("HeadObject");
    assertThat(response.contentLength()).isEqualTo(1234L);
    assertThat(response.eTag()).isEqualTo("\"h\"");
    assertThat(response.contentType()).isEqualTo("image/png");
    assertThat(response.lastModified()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
    assertThat(response.metadata()).containsEntry("k", "v");
  }

  @Test
  void listObjectsV2ReadsQueryAndWritesFlattenedLists() {
    Instant modified = Instant.parse("2024-01-02T03:04:05.678Z");
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          out.put("Name", input.get("Bucket").asText());
          out.put("Prefix", input.get("Prefix").asText());
          out.put("Delimiter", "/");
          out.put("MaxKeys", input.get("MaxKeys").intValue());
          out.put("KeyCount", 2);
          out.put("IsTruncated", true);
          out.put("NextContinuationToken", "tok&<2>");
          ArrayNode contents = out.putArray("Contents");
          contents
              .addObject()
              .put("Key", "p/a & b.txt")
              .put("Size", 3L)
              .put("ETag", "\"1\"")
              .put("StorageClass", "STANDARD")
              .set("LastModified", Timestamps.node(modified));
          contents.addObject().put("Key", "p/c.txt").put("Size", 5L);
          out.putArray("CommonPrefixes").addObject().put("Prefix", "p/sub/");
          return out;
        });

    ListObjectsV2Response response =
        client.listObjectsV2(
            b -> b.bucket("bkt").prefix("p/").delimiter("/").maxKeys(2).startAfter("p/0"));

    CodecTestServer.Exchange seen = server.last();
    assertThat(seen.operation().name()).isEqualTo("ListObjectsV2");
    assertThat(seen.input().get("Prefix").asText()).isEqualTo("p/");
    assertThat(seen.input().get("Delimiter").asText()).isEqualTo("/");
    assertThat(seen.input().get("MaxKeys").intValue()).isEqualTo(2);
    assertThat(seen.input().get("StartAfter").asText()).isEqualTo("p/0");
    assertThat(response.name()).isEqualTo("bkt");
    assertThat(response.isTruncated()).isTrue();
    assertThat(response.nextContinuationToken()).isEqualTo("tok&<2>");
    assertThat(response.contents()).hasSize(2);
    assertThat(response.contents().get(0).key()).isEqualTo("p/a & b.txt");
    assertThat(response.contents().get(0).size()).isEqualTo(3L);
    assertThat(response.contents().get(0).lastModified()).isEqualTo(modified);
    assertThat(response.contents().get(1).key()).isEqualTo("p/c.txt");
    assertThat(response.commonPrefixes())
        .singleElement()
        .satisfies(p -> assertThat(p.prefix()).isEqualTo("p/sub/"));
  }

  @Test
  void listObjectsV2BodyHasS3sRootElementAndNamespace() {
    var operation = s3.operation("ListObjectsV2").orElseThrow();
    ObjectNode output = MAPPER.createObjectNode().put("Name", "b").put("KeyCount", 0);
    var wire =
        new RestXmlCodec()
            .encodeOutput(
                s3, operation, output, new dev.basin.core.protocol.ResponseMeta("r", false));
    String body = new String(((ResponseBody.Bytes) wire.body()).bytes(), StandardCharsets.UTF_8);
    assertThat(body)
        .contains("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
        .contains("<Name>b</Name>");
    assertThat(wire.headers().get("Content-Type")).isEqualTo("application/xml");
  }

  @Test
  void deleteObjectsReadsTheFlattenedObjectList() {
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          ArrayNode deleted = out.putArray("Deleted");
          for (JsonNode object : input.at("/Delete/Objects")) {
            deleted.addObject().put("Key", object.get("Key").asText());
          }
          out.putArray("Errors")
              .addObject()
              .put("Key", "locked")
              .put("Code", "AccessDenied")
              .put("Message", "no");
          return out;
        });

    var response =
        client.deleteObjects(
            b ->
                b.bucket("bkt")
                    .delete(
                        d ->
                            d.quiet(true)
                                .objects(
                                    ObjectIdentifier.builder().key("a<1>").build(),
                                    ObjectIdentifier.builder().key("b").versionId("v2").build())));

    CodecTestServer.Exchange seen = server.last();
    assertThat(seen.operation().name()).isEqualTo("DeleteObjects");
    assertThat(seen.input().at("/Delete/Quiet").booleanValue()).isTrue();
    assertThat(seen.input().at("/Delete/Objects")).hasSize(2);
    assertThat(seen.input().at("/Delete/Objects/0/Key").asText()).isEqualTo("a<1>");
    assertThat(seen.input().at("/Delete/Objects/1/VersionId").asText()).isEqualTo("v2");
    assertThat(response.deleted()).extracting(d -> d.key()).containsExactly("a<1>", "b");
    assertThat(response.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.code()).isEqualTo("AccessDenied"));
  }

  @Test
  void putBucketVersioningAndGetBucketLocation() {
    server.respond((operation, input) -> null);
    client.putBucketVersioning(
        b ->
            b.bucket("bkt").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    assertThat(server.last().operation().name()).isEqualTo("PutBucketVersioning");
    assertThat(server.last().input().at("/VersioningConfiguration/Status").asText())
        .isEqualTo("Enabled");

    server.respond(
        (operation, input) -> MAPPER.createObjectNode().put("LocationConstraint", "eu-west-1"));
    var location = client.getBucketLocation(b -> b.bucket("bkt"));
    assertThat(server.last().operation().name()).isEqualTo("GetBucketLocation");
    assertThat(location.locationConstraintAsString()).isEqualTo("eu-west-1");
  }

  @Test
  void errorsSurfaceWithCodeStatusAndFields() {
    server.respond(
        (operation, input) -> {
          throw new AwsException("NoSuchKey", 404, "The specified key does not exist.")
              .with("Key", input.get("Key").asText());
        });
    assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("bkt").key("gone")))
        .isInstanceOfSatisfying(
            NoSuchKeyException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The specified key does not exist.");
              assertThat(e.requestId()).isEqualTo("req-1");
            });

    server.respond(
        (operation, input) -> {
          throw new AwsException("NoSuchBucket", 404, "The specified bucket does not exist")
              .with("BucketName", input.get("Bucket").asText());
        });
    assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket("nob")))
        .isInstanceOfSatisfying(
            NoSuchBucketException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
  }

  @Test
  void headErrorsHaveNoBody() {
    server.respond(
        (operation, input) -> {
          throw new AwsException("NoSuchKey", 404, "The specified key does not exist.");
        });
    assertThatThrownBy(() -> client.headObject(b -> b.bucket("bkt").key("gone")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    var wire =
        new RestXmlCodec()
            .encodeError(
                s3,
                s3.operation("HeadObject").orElseThrow(),
                new AwsException("NoSuchKey", 404, "x"),
                new dev.basin.core.protocol.ResponseMeta("r", true));
    assertThat(wire.status()).isEqualTo(404);
    assertThat(wire.body().length()).isZero();
  }

  @Test
  void malformedXmlIsRejected() {
    var operation = s3.operation("DeleteObjects").orElseThrow();
    var request =
        dev.basin.core.protocol.WireRequest.of(
            "POST",
            "/bkt?delete",
            new dev.basin.core.protocol.Headers(),
            dev.basin.core.protocol.RequestBody.of(
                "<Delete><Object><Key>a</Key></Delete>".getBytes(StandardCharsets.UTF_8)),
            "127.0.0.1");
    assertThatThrownBy(() -> new RestXmlCodec().decodeInput(s3, operation, request))
        .isInstanceOfSatisfying(
            AwsException.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
    var doctype =
        dev.basin.core.protocol.WireRequest.of(
            "POST",
            "/bkt?delete",
            new dev.basin.core.protocol.Headers(),
            dev.basin.core.protocol.RequestBody.of(
                ("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + "<Delete><Object><Key>&x;</Key></Object></Delete>")
                    .getBytes(StandardCharsets.UTF_8)),
            "127.0.0.1");
    assertThatThrownBy(() -> new RestXmlCodec().decodeInput(s3, operation, doctype))
        .isInstanceOf(AwsException.class);
  }
}
