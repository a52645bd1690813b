package dev.basin.core.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kinesis (JSON 1.1) against a real client. The SDK for Java's Kinesis module is not on the test
 * classpath, so the oracle is the {@code aws} CLI (botocore), which {@code .ci/run} installs.
 */
class KinesisCliTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private record Run(int exit, String out, String err) {}

  private static Run aws(CodecServer server, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "/usr/bin/aws",
                "--endpoint-url",
                server.endpoint().toString(),
                "--output",
                "json"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", "AKID");
    env.put("AWS_SECRET_ACCESS_KEY", "SECRET");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/nonexistent");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    env.put("AWS_MAX_ATTEMPTS", "1");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static boolean cliAvailable() {
    try {
      Process process = new ProcessBuilder("/usr/bin/aws", "--version").start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void putRecordCarriesDataAsABlobAndErrorsSurface() throws Exception {
    assertThat(cliAvailable()).as("the aws CLI (Debian awscli) must be installed").isTrue();
    try (CodecServer server =
        new CodecServer(new JsonCodec(), new ServiceModelLoader().load("kinesis"))) {
      server.respond(
          (op, in) ->
              MAPPER
                  .createObjectNode()
                  .put("ShardId", "shardId-000000000000")
                  .put("SequenceNumber", "4959")
                  .put("EncryptionType", "NONE"));

      Run run =
          aws(
              server,
              "kinesis",
              "put-record",
              "--stream-name",
              "s1",
              "--partition-key",
              "pk",
              "--data",
              "hello kinesis",
              "--cli-binary-format",
              "raw-in-base64-out");

      assertThat(run.exit()).as(run.err()).isZero();
      CodecServer.Seen seen = server.last();
      assertThat(seen.request().header("X-Amz-Target")).isEqualTo("Kinesis_20131202.PutRecord");
      assertThat(seen.request().header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
      assertThat(seen.input().get("StreamName").textValue()).isEqualTo("s1");
      assertThat(seen.input().get("Data")).isInstanceOf(BinaryNode.class);
      assertThat(new String(seen.input().get("Data").binaryValue(), StandardCharsets.UTF_8))
          .isEqualTo("hello kinesis");
      JsonNode out = MAPPER.readTree(run.out());
      assertThat(out.get("ShardId").textValue()).isEqualTo("shardId-000000000000");
      assertThat(out.get("SequenceNumber").textValue()).isEqualTo("4959");

      server.respond(
          (op, in) -> {
            throw new AwsException(
                "ResourceNotFoundException", 400, "Stream s2 under account 1 not found.");
          });
      Run failed =
          aws(
              server,
              "kinesis",
              "put-record",
              "--stream-name",
              "s2",
              "--partition-key",
              "pk",
              "--data",
              "x",
              "--cli-binary-format",
              "raw-in-base64-out");
      assertThat(failed.exit()).isNotZero();
      assertThat(failed.err())
          .contains("ResourceNotFoundException")
          .contains("Stream s2 under account 1 not found.");
    }
  }
}
