package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Policy enforcement at the gateway (IamAuthorizer) through the SDK v2 clients: users, groups of
 * policies, explicit denies, role sessions narrowed by session policies, bucket policies and
 * condition keys.
 */
class IamAuthorizationIT {
  private static final String ACCOUNT = "000000000000";

  private RunningBasin basin;
  private IamClient iam;
  private S3Client rootS3;

  @BeforeEach
  void start() throws Exception {
    basin = RunningBasin.start();
    iam = basin.client(IamClient.builder(), "test", "test", Region.AWS_GLOBAL);
    rootS3 = S3Testing.pathStyle(basin);
  }

  @AfterEach
  void stop() throws Exception {
    iam.close();
    rootS3.close();
    basin.close();
  }

  private AccessKey user(String name, String... inlinePolicies) {
    iam.createUser(r -> r.userName(name));
    for (int i = 0; i < inlinePolicies.length; i++) {
      String document = inlinePolicies[i];
      String policyName = "inline" + i;
      iam.putUserPolicy(r -> r.userName(name).policyName(policyName).policyDocument(document));
    }
    return iam.createAccessKey(r -> r.userName(name)).accessKey();
  }

  private static AwsCredentials credentials(AccessKey key) {
    return software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
        key.accessKeyId(), key.secretAccessKey());
  }

  private static AwsCredentials credentials(Credentials session) {
    return AwsSessionCredentials.create(
        session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
  }

  private S3Client s3(AwsCredentials credentials) {
    return S3Client.builder()
        .forcePathStyle(true)
        .endpointOverride(basin.endpoint())
        .region(Region.US_EAST_1)
        .httpClient(ApacheHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .build();
  }

  private static void assertDenied(Runnable call, int status, String code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              assertThat(e.statusCode()).isEqualTo(status);
              if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
              }
            });
  }

  private static void assertS3Denied(Runnable call) {
    assertDenied(call, 403, "AccessDenied", "Access Denied");
  }

  private static String allow(String actions, String resources, String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + actions
        + ",\"Resource\":"
        + resources
        + (condition == null ? "" : ",\"Condition\":" + condition)
        + "}]}";
  }

  @Test
  void seedQ3UserIsLimitedToItsBucket() {
    rootS3.createBucket(r -> r.bucket("bharat-pw-bucket"));
    rootS3.createBucket(r -> r.bucket("other-bucket"));
    rootS3.putObject(r -> r.bucket("other-bucket").key("secret.txt"), RequestBody.fromString("x"));
    String policyArn =
        iam.createPolicy(
                r -> r.policyName("S3Access-Bharat-pw-bucket").policyDocument(IamIT.SEED_POLICY))
            .policy()
            .arn();
    iam.createUser(r -> r.userName("Bharat-pw"));
    iam.attachUserPolicy(r -> r.userName("Bharat-pw").policyArn(policyArn));
    AccessKey key = iam.createAccessKey(r -> r.userName("Bharat-pw")).accessKey();
    String userArn = "arn:aws:iam::" + ACCOUNT + ":user/Bharat-pw";

    try (S3Client s3 = s3(credentials(key));
        DynamoDbClient dynamoDb =
            basin.client(
                DynamoDbClient.builder(),
                key.accessKeyId(),
                key.secretAccessKey(),
                Region.US_EAST_1);
        IamClient asUser =
            basin.client(
                IamClient.builder(), key.accessKeyId(), key.secretAccessKey(), Region.AWS_GLOBAL);
        Ec2Client ec2 =
            basin.client(
                Ec2Client.builder(), key.accessKeyId(), key.secretAccessKey(), Region.US_EAST_1);
        StsClient sts =
            basin.client(
                StsClient.builder(), key.accessKeyId(), key.secretAccessKey(), Region.US_EAST_1)) {
      s3.putObject(
          r -> r.bucket("bharat-pw-bucket").key("notes/a.txt"), RequestBody.fromString("hello"));
      assertThat(s3.listObjectsV2(r -> r.bucket("bharat-pw-bucket")).contents())
          .extracting(S3Object::key)
          .containsExactly("notes/a.txt");
      assertThat(s3.listObjects(r -> r.bucket("bharat-pw-bucket")).contents()).hasSize(1);
      assertThat(
              s3.getObjectAsBytes(r -> r.bucket("bharat-pw-bucket").key("notes/a.txt"))
                  .asUtf8String())
          .isEqualTo("hello");
      s3.deleteObject(r -> r.bucket("bharat-pw-bucket").key("notes/a.txt"));
      assertThat(s3.listObjectsV2(r -> r.bucket("bharat-pw-bucket")).contents()).isEmpty();

      assertS3Denied(() -> s3.listObjectsV2(r -> r.bucket("other-bucket")));
      assertS3Denied(() -> s3.getObject(r -> r.bucket("other-bucket").key("secret.txt")));
      assertS3Denied(
          () ->
              s3.putObject(
                  r -> r.bucket("other-bucket").key("x"), RequestBody.fromString("intruder")));
      assertS3Denied(() -> s3.deleteObject(r -> r.bucket("other-bucket").key("secret.txt")));
      assertS3Denied(s3::listBuckets);
      assertS3Denied(() -> s3.createBucket(r -> r.bucket("bharat-pw-new")));
      assertS3Denied(() -> s3.getBucketPolicy(r -> r.bucket("bharat-pw-bucket")));
      assertDenied(
          dynamoDb::listTables,
          400,
          "AccessDeniedException",
          "User: "
              + userArn
              + " is not authorized to perform: dynamodb:ListTables on resource: * because no"
              + " identity-based policy allows the dynamodb:ListTables action");
      assertDenied(
          asUser::listUsers,
          403,
          "AccessDenied",
          "User: "
              + userArn
              + " is not authorized to perform: iam:ListUsers on resource: * because no"
              + " identity-based policy allows the iam:ListUsers action");
      assertDenied(ec2::describeRegions, 403, "UnauthorizedOperation", null);
      // GetCallerIdentity needs no permission.
      assertThat(sts.getCallerIdentity().arn()).isEqualTo(userArn);
    }
    assertThat(
            rootS3.getObjectAsBytes(r -> r.bucket("other-bucket").key("secret.txt")).asUtf8String())
        .isEqualTo("x");
    assertThat(rootS3.listObjectsV2(r -> r.bucket("other-bucket")).contents()).hasSize(1);
  }

  @Test
  void awsManagedPolicyGroupsAndAnExplicitDenyOverAllow() {
    assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.AWS)).policies())
        .extracting(Policy::arn)
        .contains(
            "arn:aws:iam::aws:policy/AmazonS3FullAccess",
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "arn:aws:iam::aws:policy/AdministratorAccess");
    rootS3.createBucket(r -> r.bucket("shared"));
    iam.createGroup(r -> r.groupName("s3-users"));
    iam.attachGroupPolicy(
        r -> r.groupName("s3-users").policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
    AccessKey key =
        user(
            "carol",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":"
                + "\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::shared/keep/*\"}]}");
    try (S3Client s3 = s3(credentials(key))) {
      assertS3Denied(() -> s3.listObjectsV2(r -> r.bucket("shared")));
      iam.addUserToGroup(r -> r.groupName("s3-users").userName("carol"));
      s3.putObject(r -> r.bucket("shared").key("keep/a"), RequestBody.fromString("a"));
      s3.putObject(r -> r.bucket("shared").key("tmp/b"), RequestBody.fromString("b"));
      s3.deleteObject(r -> r.bucket("shared").key("tmp/b"));
      assertS3Denied(() -> s3.deleteObject(r -> r.bucket("shared").key("keep/a")));
      assertThat(s3.listBuckets().buckets()).hasSize(1);
      iam.removeUserFromGroup(r -> r.groupName("s3-users").userName("carol"));
      assertS3Denied(() -> s3.getObject(r -> r.bucket("shared").key("keep/a")));
    }
  }

  @Test
  void roleSessionIsNarrowedBySessionPolicy() {
    rootS3.createBucket(r -> r.bucket("data"));
    rootS3.putObject(r -> r.bucket("data").key("report.csv"), RequestBody.fromString("1,2"));
    iam.createRole(r -> r.roleName("s3-admin").assumeRolePolicyDocument(IamIT.TRUST_ACCOUNT));
    iam.attachRolePolicy(
        r -> r.roleName("s3-admin").policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
    String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/s3-admin";
    String readOnly = allow("\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"", null);
    Credentials narrowed;
    Credentials full;
    try (StsClient sts = basin.client(StsClient.builder())) {
      narrowed =
          sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("narrow").policy(readOnly))
              .credentials();
      full = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("full")).credentials();
    }
    try (S3Client s3 = s3(credentials(narrowed))) {
      assertThat(s3.getObjectAsBytes(r -> r.bucket("data").key("report.csv")).asUtf8String())
          .isEqualTo("1,2");
      assertS3Denied(
          () -> s3.putObject(r -> r.bucket("data").key("new.csv"), RequestBody.fromString("3")));
      assertS3Denied(() -> s3.listObjectsV2(r -> r.bucket("data")));
    }
    try (S3Client s3 = s3(credentials(full))) {
      s3.putObject(r -> r.bucket("data").key("new.csv"), RequestBody.fromString("3"));
      assertThat(s3.listObjectsV2(r -> r.bucket("data")).contents()).hasSize(2);
    }
  }

  @Test
  void aUserNeedsIdentityPermissionWhenTheTrustPolicyNamesOnlyTheAccount() {
    iam.createRole(r -> r.roleName("delegated").assumeRolePolicyDocument(IamIT.TRUST_ACCOUNT));
    String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/delegated";
    AccessKey plain = user("plain");
    AccessKey allowed = user("allowed", allow("\"sts:AssumeRole\"", "\"" + roleArn + "\"", null));
    try (StsClient asPlain =
            basin.client(
                StsClient.builder(),
                plain.accessKeyId(),
                plain.secretAccessKey(),
                Region.US_EAST_1);
        StsClient asAllowed =
            basin.client(
                StsClient.builder(),
                allowed.accessKeyId(),
                allowed.secretAccessKey(),
                Region.US_EAST_1)) {
      assertDenied(
          () -> asPlain.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1")),
          403,
          "AccessDenied",
          null);
      assertThat(
              asAllowed
                  .assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1"))
                  .assumedRoleUser()
                  .arn())
          .endsWith(":assumed-role/delegated/s1");
    }
  }

  @Test
  void bucketPolicyGrantsAnotherUser() {
    rootS3.createBucket(r -> r.bucket("public-reports"));
    rootS3.putObject(r -> r.bucket("public-reports").key("q1"), RequestBody.fromString("q1"));
    AccessKey key = user("guest");
    try (S3Client s3 = s3(credentials(key))) {
      assertS3Denied(() -> s3.getObject(r -> r.bucket("public-reports").key("q1")));
      rootS3.putBucketPolicy(
          r ->
              r.bucket("public-reports")
                  .policy(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                          + "\"Principal\":{\"AWS\":\"arn:aws:iam::"
                          + ACCOUNT
                          + ":user/guest\"},\"Action\":\"s3:GetObject\","
                          + "\"Resource\":\"arn:aws:s3:::public-reports/*\"},"
                          + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
                          + "\"Resource\":\"arn:aws:s3:::public-reports/locked/*\"}]}"));
      assertThat(s3.getObjectAsBytes(r -> r.bucket("public-reports").key("q1")).asUtf8String())
          .isEqualTo("q1");
      assertS3Denied(
          () ->
              s3.putObject(r -> r.bucket("public-reports").key("q2"), RequestBody.fromString("")));
      // A bucket policy's Deny binds even the account root.
      assertS3Denied(
          () ->
              rootS3.putObject(
                  r -> r.bucket("public-reports").key("locked/x"), RequestBody.fromString("")));
      rootS3.putObject(r -> r.bucket("public-reports").key("open/x"), RequestBody.fromString(""));
      rootS3.deleteBucketPolicy(r -> r.bucket("public-reports"));
      assertS3Denied(() -> s3.getObject(r -> r.bucket("public-reports").key("q1")));
    }
  }

  @Test
  void s3PrefixConditionOnListBucket() {
    rootS3.createBucket(r -> r.bucket("homes"));
    rootS3.putObject(r -> r.bucket("homes").key("home/dan/a"), RequestBody.fromString("a"));
    rootS3.putObject(r -> r.bucket("homes").key("home/eve/b"), RequestBody.fromString("b"));
    AccessKey key =
        user(
            "dan",
            allow(
                "\"s3:ListBucket\"",
                "\"arn:aws:s3:::homes\"",
                "{\"StringLike\":{\"s3:prefix\":\"home/${aws:username}/*\"}}"));
    try (S3Client s3 = s3(credentials(key))) {
      assertThat(s3.listObjectsV2(r -> r.bucket("homes").prefix("home/dan/")).contents())
          .extracting(S3Object::key)
          .containsExactly("home/dan/a");
      assertS3Denied(() -> s3.listObjectsV2(r -> r.bucket("homes").prefix("home/eve/")));
      assertS3Denied(() -> s3.listObjectsV2(r -> r.bucket("homes")));
    }
  }

  @Test
  void sourceIpConditionAndPolicyChangesTakeEffectAtOnce() {
    rootS3.createBucket(r -> r.bucket("ip-bucket"));
    rootS3.putObject(r -> r.bucket("ip-bucket").key("k"), RequestBody.fromString("v"));
    AccessKey key =
        user(
            "frank",
            allow(
                "\"s3:GetObject\"",
                "\"arn:aws:s3:::ip-bucket/*\"",
                "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"));
    try (S3Client s3 = s3(credentials(key))) {
      assertS3Denied(() -> s3.getObject(r -> r.bucket("ip-bucket").key("k")));
      iam.putUserPolicy(
          r ->
              r.userName("frank")
                  .policyName("inline0")
                  .policyDocument(
                      allow(
                          "\"s3:GetObject\"",
                          "\"arn:aws:s3:::ip-bucket/*\"",
                          "{\"IpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"::1/128\"]}}")));
      assertThat(s3.getObjectAsBytes(r -> r.bucket("ip-bucket").key("k")).asUtf8String())
          .isEqualTo("v");
    }
  }

  @Test
  void policyDocumentsAreValidatedByTheLibraryWithAwsLimits() {
    iam.createUser(r -> r.userName("gina"));
    assertDenied(
        () ->
            iam.createPolicy(
                r ->
                    r.policyName("bad")
                        .policyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")),
        400,
        "MalformedPolicyDocument",
        null);
    StringBuilder actions = new StringBuilder("[");
    for (int i = 0; i < 120; i++) {
      actions
          .append(i == 0 ? "" : ",")
          .append("\"s3:GetObjectVersionTagging")
          .append(i)
          .append('"');
    }
    String big = allow(actions.append(']').toString(), "\"*\"", null);
    assertDenied(
        () -> iam.putUserPolicy(r -> r.userName("gina").policyName("big").policyDocument(big)),
        409,
        "LimitExceeded",
        "Maximum policy size of 2048 bytes exceeded for user gina");
    // The same document fits a role's larger inline quota.
    iam.createRole(r -> r.roleName("big-role").assumeRolePolicyDocument(IamIT.TRUST_ACCOUNT));
    iam.putRolePolicy(r -> r.roleName("big-role").policyName("big").policyDocument(big));
    assertThat(iam.listRolePolicies(r -> r.roleName("big-role")).policyNames())
        .isEqualTo(List.of("big"));
  }
}
