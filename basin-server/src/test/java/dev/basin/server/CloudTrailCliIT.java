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
 * CloudTrail's event history through the real aws CLI v2 against Basin started by {@code ./basin
 * start}: a bucket created with the CLI shows up in {@code aws cloudtrail lookup-events}.
 */
class CloudTrailCliIT {
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
    dataDir = Files.createTempDirectory("basin-trail-cli-");
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
  void lookupEventsFindsCreateBucket() throws Exception {
    String bucket = "trail-cli-" + Long.toHexString(System.nanoTime());
    aws("s3api", "create-bucket", "--bucket", bucket);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String out;
    do {
      out =
          aws(
              "cloudtrail",
              "lookup-events",
              "--lookup-attributes",
              "AttributeKey=EventName,AttributeValue=CreateBucket",
              "--output",
              "json");
      if (out.contains(bucket)) {
        break;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    com.fasterxml.jackson.databind.JsonNode events =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).path("Events");
    com.fasterxml.jackson.databind.JsonNode event = null;
    for (com.fasterxml.jackson.databind.JsonNode e : events) {
      if (e.path("Resources").toString().contains(bucket)) {
        event = e;
      }
    }
    assertThat(event).as("CreateBucket of %s in %s", bucket, out).isNotNull();
    assertThat(event.path("EventName").asText()).isEqualTo("CreateBucket");
    assertThat(event.path("EventSource").asText()).isEqualTo("s3.amazonaws.com");
    assertThat(event.path("Username").asText()).isEqualTo("root");
    assertThat(event.path("Resources").get(0).path("ResourceType").asText())
        .isEqualTo("AWS::S3::Bucket");
    assertThat(event.path("CloudTrailEvent").asText())
        .contains("\"bucketName\":\"" + bucket + "\"");
  }

  private static String aws(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(AWS.toString());
    command.add("--endpoint-url");
    command.add(endpoint);
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
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
