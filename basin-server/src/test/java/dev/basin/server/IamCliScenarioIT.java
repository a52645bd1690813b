package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

    // With the new keys: allowed on bharat-pw-bucket, denied everywhere else.
    aws(ROOT, "s3", "mb", "s3://bharat-pw-bucket");
    aws(ROOT, "s3", "mb", "s3://someone-elses-bucket");
    Path file = Files.createTempFile(dataDir, "object-", ".json");
    Files.writeString(file, "{\"id\": \"4\", \"name\": \"Sam\", \"age\": 22}");
    String[] bharat = {key[0], key[1]};
    aws(bharat, "s3", "cp", file.toString(), "s3://bharat-pw-bucket/sam.json");
    assertThat(aws(bharat, "s3", "ls", "s3://bharat-pw-bucket/")).contains("sam.json");
    aws(bharat, "s3", "rm", "s3://bharat-pw-bucket/sam.json");
    BasinProcess.Result denied =
        process.awsAs(key[0], key[1], "s3", "cp", file.toString(), "s3://someone-elses-bucket/x");
    assertThat(denied.exit()).isNotZero();
    assertThat(denied.stderr()).contains("AccessDenied");
    BasinProcess.Result listUsers = process.awsAs(key[0], key[1], "iam", "list-users");
    assertThat(listUsers.exit()).isNotZero();
    assertThat(listUsers.stderr()).contains("AccessDenied");

    // CloudTrail saw who created the user, and the denied call by the user's key.
    String createUser =
        aws(
            ROOT,
            "cloudtrail",
            "lookup-events",
            "--lookup-attributes",
            "AttributeKey=EventName,AttributeValue=CreateUser",
            "--query",
            "Events[0].Username",
            "--output",
            "text");
    assertThat(createUser.trim()).isEqualTo("root");
    String byKey =
        aws(
            ROOT,
            "cloudtrail",
            "lookup-events",
            "--lookup-attributes",
            "AttributeKey=AccessKeyId,AttributeValue=" + key[0],
            "--query",
            "Events[].EventName",
            "--output",
            "text");
    assertThat(byKey).contains("ListUsers");
  }

  private static final String[] ROOT = {"test", "test"};

  private static String aws(String[] credentials, String... arguments) throws Exception {
    BasinProcess.Result result = process.awsAs(credentials[0], credentials[1], arguments);
    assertThat(result.exit())
        .as("aws %s failed: %s", String.join(" ", arguments), result.stderr())
        .isZero();
    return result.stdout();
  }
}
