package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's commands through the real aws CLI v2 ({@code /usr/bin/aws}, Debian's awscli) against
 * Basin started by the README's command, {@code ./basin start}, as a child process.
 */
class AwsCliScenarioIT {
  private static BasinProcess basin;

  @BeforeAll
  static void startBasin() throws Exception {
    basin = BasinProcess.start();
  }

  @AfterAll
  static void stopBasin() throws Exception {
    if (basin != null) {
      basin.close();
    }
  }

  @Test
  void seedQ2ListsTheRegions() throws Exception {
    String out =
        basin.ok("ec2", "describe-regions", "--query", "Regions[].RegionName", "--output", "text");
    List<String> regions = Arrays.asList(out.trim().split("\\s+"));
    assertThat(regions)
        .hasSize(17)
        .contains("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "ap-south-1");
  }

  @Test
  void availabilityZonesOfTheConfiguredRegion() throws Exception {
    String out =
        basin.ok(
            "ec2",
            "describe-availability-zones",
            "--region",
            "eu-central-1",
            "--query",
            "AvailabilityZones[].ZoneName",
            "--output",
            "text");
    assertThat(out.trim().split("\\s+"))
        .containsExactly("eu-central-1a", "eu-central-1b", "eu-central-1c");
  }

  @Test
  void getCallerIdentity() throws Exception {
    String out = basin.ok("sts", "get-caller-identity", "--output", "json");
    assertThat(out)
        .contains("\"Account\": \"000000000000\"")
        .contains("\"Arn\": \"arn:aws:iam::000000000000:root\"");
  }
}
