package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CloudTrail's event history through the real aws CLI v2 against Basin started by {@code ./basin
 * start}: a bucket created with the CLI shows up in {@code aws cloudtrail lookup-events}.
 */
class CloudTrailCliIT {

  private static BasinProcess process;
  private static Path dataDir;

  @BeforeAll
  static void startBasin() throws Exception {
    process = BasinProcess.start();
    dataDir = process.dataDir();
  }

  @AfterAll
  static void stopBasin() throws Exception {
    if (process != null) {
      process.close();
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
    return process.ok(arguments);
  }
}
