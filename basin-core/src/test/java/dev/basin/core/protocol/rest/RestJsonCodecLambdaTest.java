package dev.basin.core.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** The rest-json codec against the real Lambda model, with the AWS SDK for Java v2 as oracle. */
class RestJsonCodecLambdaTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static ServiceModel lambda;
  private static CodecTestServer server;
  private static LambdaClient client;

  @BeforeAll
  static void start() throws Exception {
    lambda = new ServiceModelLoader().load("lambda");
    server = new CodecTestServer(new RestJsonCodec(), lambda);
    client =
        LambdaClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
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
  void createFunctionDecodesNestedStructuresMapsAndBlobsAndEncodesTimestampsAndStatus()
      throws Exception {
    byte[] zip = {0x50, 0x4b, 0x03, 0x04, 0, (byte) 0xff};
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          out.put("FunctionName", input.get("FunctionName").asText());
          out.put("MemorySize", 256);
          out.put("LastModified", "2024-01-02T03:04:05.000+0000");
          out.putObject("Environment").putObject("Variables").put("K", "from-server");
          return out;
        });

    CreateFunctionResponse response =
        client.createFunction(
            b ->
                b.functionName("fn-1")
                    .runtime(Runtime.PYTHON3_12)
                    .role("arn:aws:iam::000000000000:role/r")
                    .handler("app.handler")
                    .timeout(30)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))
                    .environment(e -> e.variables(Map.of("A", "1", "B", "two")))
                    .tags(Map.of("team", "data")));

    CodecTestServer.Exchange seen = server.last();
    assertThat(seen.operation().name()).isEqualTo("CreateFunction");
    ObjectNode input = seen.input();
    assertThat(input.get("FunctionName").asText()).isEqualTo("fn-1");
    assertThat(input.get("Runtime").asText()).isEqualTo("python3.12");
    assertThat(input.get("Timeout").intValue()).isEqualTo(30);
    assertThat(input.at("/Code/ZipFile")).isInstanceOf(BinaryNode.class);
    assertThat(input.at("/Code/ZipFile").binaryValue()).isEqualTo(zip);
    assertThat(input.at("/Environment/Variables/A").asText()).isEqualTo("1");
    assertThat(input.at("/Environment/Variables/B").asText()).isEqualTo("two");
    assertThat(input.at("/Tags/team").asText()).isEqualTo("data");

    assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(201);
    assertThat(response.functionName()).isEqualTo("fn-1");
    assertThat(response.memorySize()).isEqualTo(256);
    assertThat(response.lastModified()).isEqualTo("2024-01-02T03:04:05.000+0000");
    assertThat(response.environment().variables()).containsEntry("K", "from-server");
  }

  @Test
  void invokeCarriesPayloadAndHeadersBothWays() throws Exception {
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          out.put("StatusCode", 202);
          out.put("FunctionError", "Unhandled");
          out.put("ExecutedVersion", "$LATEST");
          out.set("Payload", BinaryNode.valueOf("{\"ok\":false}".getBytes(StandardCharsets.UTF_8)));
          return out;
        });

    InvokeResponse response =
        client.invoke(
            b ->
                b.functionName("my-fn")
                    .qualifier("live")
                    .invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"x\":1}")));

    CodecTestServer.Exchange seen = server.last();
    assertThat(seen.operation().name()).isEqualTo("Invoke");
    assertThat(seen.input().get("FunctionName").asText()).isEqualTo("my-fn");
    assertThat(seen.input().get("Qualifier").asText()).isEqualTo("live");
    assertThat(seen.input().get("InvocationType").asText()).isEqualTo("Event");
    assertThat(new String(seen.input().get("Payload").binaryValue(), StandardCharsets.UTF_8))
        .isEqualTo("{\"x\":1}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.functionError()).isEqualTo("Unhandled");
    assertThat(response.executedVersion()).isEqualTo("$LATEST");
    assertThat(response.payload().asUtf8String()).isEqualTo("{\"ok\":false}");
  }

  @Test
  void listFunctionsReadsQueryParameters() {
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          out.put("NextMarker", "next-" + input.get("Marker").asText());
          out.putArray("Functions").addObject().put("FunctionName", "a").put("CodeSize", 12L);
          return out;
        });

    ListFunctionsResponse response = client.listFunctions(b -> b.marker("m 1/2").maxItems(7));

    CodecTestServer.Exchange seen = server.last();
    assertThat(seen.operation().name()).isEqualTo("ListFunctions");
    assertThat(seen.input().get("Marker").asText()).isEqualTo("m 1/2");
    assertThat(seen.input().get("MaxItems").intValue()).isEqualTo(7);
    assertThat(response.nextMarker()).isEqualTo("next-m 1/2");
    assertThat(response.functions())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.functionName()).isEqualTo("a");
              assertThat(f.codeSize()).isEqualTo(12L);
            });
  }

  @Test
  void getFunctionErrorSurfacesAsTheModeledException() {
    server.respond(
        (operation, input) -> {
          throw new AwsException(
                  "ResourceNotFoundException",
                  404,
                  "Function not found: " + input.get("FunctionName").asText())
              .with("Type", "User");
        });

    assertThatThrownBy(() -> client.getFunction(b -> b.functionName("missing")))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Function not found: missing");
            });
    assertThat(server.last().operation().name()).isEqualTo("GetFunction");
  }

  @Test
  void timestampsLeaveAsEpochSecondsAndComeBackAsValueForm() {
    server.respond(
        (operation, input) -> {
          ObjectNode out = MAPPER.createObjectNode();
          out.put("UUID", "u-1");
          out.set("LastModified", Timestamps.node(Instant.parse("2024-05-06T07:08:09.250Z")));
          return out;
        });

    var response = client.getEventSourceMapping(b -> b.uuid("u-1"));

    assertThat(server.last().operation().name()).isEqualTo("GetEventSourceMapping");
    assertThat(server.last().input().get("UUID").asText()).isEqualTo("u-1");
    assertThat(response.lastModified()).isEqualTo(Instant.parse("2024-05-06T07:08:09.250Z"));
  }
}
