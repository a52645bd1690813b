package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's Q3 through the real aws CLI ({@code /usr/bin/aws}) against Basin started by {@code
 * ./basin start}: a user, a policy from a file, the attachment, an access key, and the caller
 * identity the new key signs as.
 */
class IamCliScenarioIT {
  private static final Path AWS = Path.of("/usr/bin/aws");
  private static final Pattern READY = Pattern.compile("Basin is ready on (http://\\S+)");

  private static Process basin;
  private static String endpoint;
  private static final List<String> output = new ArrayList<>();
  private static Path dataDir;
  private static Thread reader;

  @BeforeAll
  static void startBasin() throws Exception {
    assertThat(AWS).as("the aws CLI v2 (Debian package awscli) is required").isExecutable();
    Path root = Path.of("").toAbsolutePath().getParent();
    Path jar = root.resolve("basin-server/target/basin.jar");
    assertThat(jar).as("mvn package builds the jar before integration tests").exists();
    dataDir = Files.createTempDirectory("basin-iam-cli-");
    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("basin").toString(), "start", "--port", "0")
            .redirectErrorStream(true);
    builder.environment().put("BASIN_NO_BUILD", "1");
    builder.environment().put("BASIN_JAR", jar.toString());
    builder.environment().put("BASIN_DATA_DIR", dataDir.toString());
    basin = builder.start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(basin.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher matcher = READY.matcher(line);
                  if (matcher.find()) {
                    ready.complete(matcher.group(1));
                  }
                }
                ready.completeExceptionally(new IOException("basin exited: " + output));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    endpoint = ready.get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopBasin() throws Exception {
    if (basin != null) {
      // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops Basin cleanly. Through the handle,
      // because Process.destroy() also closes our end of its output, losing the last lines.
      basin.toHandle().destroy();
      assertThat(basin.waitFor(20, TimeUnit.SECONDS)).isTrue();
      reader.join(5000);
      synchronized (output) {
        assertThat(output)
            .as("exit %d, output %s", basin.exitValue(), output)
            .anyMatch(line -> line.contains("basin: stopped"));
      }
    }
  }

  @Test
  void seedQ3ThroughTheCli() throws Exception {
    Path policyFile = Files.createTempFile(dataDir, "policy-", ".json");
    Files.writeString(policyFile, IamIT.SEED_POLICY);
    String user = aws(ROOT, "iam", "create-user", "--user-name", "Bharat-pw", "--output", "json");
    assertThat(user).contains("\"Arn\": \"arn:aws:iam::000000000000:user/Bharat-pw\"");
    String policyArn =
        aws(
                ROOT,
                "iam",
                "create-policy",
                "--policy-name",
                "S3Access-Bharat-pw-bucket",
                "--policy-document",
                "file://" + policyFile,
                "--query",
                "Policy.Arn",
                "--output",
                "text")
            .trim();
    assertThat(policyArn).isEqualTo("arn:aws:iam::000000000000:policy/S3Access-Bharat-pw-bucket");
    aws(ROOT, "iam", "attach-user-policy", "--user-name", "Bharat-pw", "--policy-arn", policyArn);
    String attached =
        aws(
            ROOT,
            "iam",
            "list-attached-user-policies",
            "--user-name",
            "Bharat-pw",
            "--query",
            "AttachedPolicies[].PolicyName",
            "--output",
            "text");
    assertThat(attached.trim()).isEqualTo("S3Access-Bharat-pw-bucket");
    // The CLI decodes the URL-encoded document, as it does against AWS.
    String document =
        aws(
            ROOT,
            "iam",
            "get-policy-version",
            "--policy-arn",
            policyArn,
            "--version-id",
            "v1",
            "--query",
            "PolicyVersion.Document.Statement[0].Sid",
            "--output",
            "text");
    assertThat(document.trim()).isEqualTo("AllowLimitedS3Access");
    String[] key =
        aws(
                ROOT,
                "iam",
                "create-access-key",
                "--user-name",
                "Bharat-pw",
                "--query",
                "[AccessKey.AccessKeyId, AccessKey.SecretAccessKey]",
                "--output",
                "text")
            .trim()
            .split("\\s+");
    assertThat(key[0]).startsWith("AKIA");
    String identity =
        aws(new String[] {key[0], key[1]}, "sts", "get-caller-identity", "--output", "json");
    assertThat(identity)
        .contains("\"Arn\": \"arn:aws:iam::000000000000:user/Bharat-pw\"")
        .contains("\"Account\": \"000000000000\"");
  }

  private static final String[] ROOT = {"test", "test"};

  private static String aws(String[] credentials, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(AWS.toString());
    command.add("--endpoint-url");
    command.add(endpoint);
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", credentials[0]);
    env.put("AWS_SECRET_ACCESS_KEY", credentials[1]);
    env.remove("AWS_SESSION_TOKEN");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_PAGER", "");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process process = builder.start();
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    String stdout = readAll(process.getInputStream());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("aws %s failed: %s", String.join(" ", arguments), stderr.get())
        .isZero();
    return stdout;
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
