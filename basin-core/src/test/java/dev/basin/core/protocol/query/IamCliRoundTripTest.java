package dev.basin.core.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query codec against IAM as the {@code aws} CLI (botocore) speaks it: the Java SDK's IAM
 * client is not on the test class path, botocore is the other reference serializer and parser.
 * Skipped where no {@code aws} command is installed.
 */
class IamCliRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CodecHttpServer server;

  record CliResult(int exitCode, String stdout, String stderr) {}

  @BeforeAll
  static void start() throws Exception {
    assertThat(java.nio.file.Path.of("/usr/bin/aws"))
        .as("the aws CLI v2 (Debian awscli) must be installed; .ci/run installs it")
        .isExecutable();
    server = new CodecHttpServer(new QueryCodec(), new ServiceModelLoader().load("iam"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void createUserWithTagsBothWays() throws Exception {
    server.respond(
        (operation, input) ->
            JSON.createObjectNode()
                .set(
                    "User",
                    JSON.createObjectNode()
                        .put("Path", "/eng/")
                        .put("UserName", "alice")
                        .put("UserId", "AIDAEXAMPLE")
                        .put("Arn", "arn:aws:iam::123456789012:user/eng/alice")
                        .put("CreateDate", "2024-01-02T03:04:05Z")
                        .set("Tags", input.get("Tags"))));

    CliResult result =
        cli(
            "iam",
            "create-user",
            "--user-name",
            "alice",
            "--path",
            "/eng/",
            "--tags",
            "Key=team,Value=data & ml",
            "Key=env,Value=dev");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(server.last().operation().name()).isEqualTo("CreateUser");
    assertThat(server.last().input())
        .isEqualTo(
            JSON.readTree(
                """
                {"UserName": "alice", "Path": "/eng/",
                 "Tags": [{"Key": "team", "Value": "data & ml"}, {"Key": "env", "Value": "dev"}]}
                """));
    JsonNode user = JSON.readTree(result.stdout()).get("User");
    assertThat(user.get("Arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/eng/alice");
    assertThat(user.get("CreateDate").asText()).startsWith("2024-01-02T03:04:05");
    assertThat(user.get("Tags")).isEqualTo(server.last().input().get("Tags"));
  }

  @Test
  void putUserPolicyKeepsTheDocumentExactly() throws Exception {
    server.respond((operation, input) -> null);
    String document =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
            + "\"Resource\":\"arn:aws:s3:::a+b/c d?e=f&g\"}]}";

    CliResult result =
        cli(
            "iam",
            "put-user-policy",
            "--user-name",
            "alice",
            "--policy-name",
            "s3 all",
            "--policy-document",
            document);

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(server.last().input())
        .isEqualTo(
            JSON.createObjectNode()
                .put("UserName", "alice")
                .put("PolicyName", "s3 all")
                .put("PolicyDocument", document));
  }

  @Test
  void listUsersPageIsReadByTheCli() throws Exception {
    JsonNode output =
        JSON.readTree(
            """
            {"Users": [
              {"Path": "/", "UserName": "alice", "UserId": "AIDA1", "Arn": "arn:aws:iam::1:user/alice",
               "CreateDate": 1704164645.5},
              {"Path": "/", "UserName": "bob", "UserId": "AIDA2", "Arn": "arn:aws:iam::1:user/bob",
               "CreateDate": 1704164646, "PasswordLastUsed": 1704164647}],
             "IsTruncated": true, "Marker": "next page"}
            """);
    server.respond((operation, input) -> output);

    CliResult result = cli("iam", "list-users", "--no-paginate", "--max-items", "2");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode page = JSON.readTree(result.stdout());
    assertThat(page.get("IsTruncated").asBoolean()).isTrue();
    assertThat(page.get("Marker").asText()).isEqualTo("next page");
    assertThat(page.get("Users")).hasSize(2);
    assertThat(page.get("Users").get(0).get("UserName").asText()).isEqualTo("alice");
    // The CLI v2 prints timestamps in its own ISO form (2024-01-02T03:04:05.500000+00:00).
    assertThat(
            java.time.OffsetDateTime.parse(page.get("Users").get(0).get("CreateDate").asText())
                .toInstant())
        .isEqualTo(java.time.Instant.parse("2024-01-02T03:04:05.500Z"));

    assertThat(
            java.time.OffsetDateTime.parse(
                    page.get("Users").get(1).get("PasswordLastUsed").asText())
                .toInstant())
        .isEqualTo(java.time.Instant.parse("2024-01-02T03:04:07.000Z"));
    assertThat(server.last().input()).isEqualTo(JSON.createObjectNode().put("MaxItems", 2));
  }

  @Test
  void mapOutputIsReadByTheCli() throws Exception {
    server.respond(
        (operation, input) ->
            JSON.createObjectNode()
                .set(
                    "SummaryMap",
                    JSON.createObjectNode()
                        .put("Users", 3)
                        .put("Groups", 0)
                        .put("UsersQuota", 5000)));

    CliResult result = cli("iam", "get-account-summary");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(JSON.readTree(result.stdout()).get("SummaryMap"))
        .isEqualTo(JSON.readTree("{\"Users\": 3, \"Groups\": 0, \"UsersQuota\": 5000}"));
  }

  @Test
  void errorsReachTheCli() throws Exception {
    server.respond(
        (operation, input) -> {
          throw new AwsException(
              "NoSuchEntity",
              404,
              "The user with name " + input.get("UserName").asText() + " cannot be found.");
        });

    CliResult result = cli("iam", "get-user", "--user-name", "bob");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains("An error occurred (NoSuchEntity) when calling the GetUser operation")
        .contains("The user with name bob cannot be found.");
  }

  private static CliResult cli(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/aws"));
    command.addAll(List.of(arguments));
    command.addAll(
        List.of(
            "--endpoint-url",
            server.endpoint().toString(),
            "--region",
            "us-east-1",
            "--output",
            "json"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "secret");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_MAX_ATTEMPTS", "1");
    env.put("AWS_PAGER", "");
    Process process = builder.start();
    CompletableFuture<byte[]> stderr =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return process.getErrorStream().readAllBytes();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("aws " + String.join(" ", arguments) + " did not finish");
    }
    return new CliResult(
        process.exitValue(), stdout, new String(stderr.get(), StandardCharsets.UTF_8));
  }
}
