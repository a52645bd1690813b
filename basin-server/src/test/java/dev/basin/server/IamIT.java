package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** IAM and STS through the SDK v2 clients against an in-process Basin on a test clock. */
class IamIT {
  static final String SEED_POLICY =
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "AllowLimitedS3Access",
            "Effect": "Allow",
            "Action": [
              "s3:ListBucket",
              "s3:GetObject",
              "s3:PutObject",
              "s3:DeleteObject"
            ],
            "Resource": [
              "arn:aws:s3:::bharat-pw-bucket",
              "arn:aws:s3:::bharat-pw-bucket/*"
            ]
          }
        ]
      }""";

  static final String TRUST_ACCOUNT =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
       "Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";

  private RunningBasin basin;
  private IamClient iam;

  @BeforeEach
  void start() throws Exception {
    basin = RunningBasin.start("--test-clock");
    iam = basin.client(IamClient.builder(), "test", "test", Region.AWS_GLOBAL);
  }

  @AfterEach
  void stop() throws Exception {
    iam.close();
    basin.close();
  }

  private StsClient sts(String key, String secret) {
    return basin.client(StsClient.builder(), key, secret, Region.US_EAST_1);
  }

  private StsClient sts(Credentials credentials) {
    return StsClient.builder()
        .endpointOverride(basin.endpoint())
        .region(Region.US_EAST_1)
        .httpClient(ApacheHttpClient.create())
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    credentials.accessKeyId(),
                    credentials.secretAccessKey(),
                    credentials.sessionToken())))
        .build();
  }

  private static void assertError(Runnable call, int status, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              assertThat(e.statusCode()).isEqualTo(status);
            });
  }

  @Test
  void seedQ3UserPolicyAttachmentAndAccessKey() {
    User user = iam.createUser(r -> r.userName("Bharat-pw")).user();
    assertThat(user.arn()).isEqualTo("arn:aws:iam::000000000000:user/Bharat-pw");
    assertThat(user.userId()).startsWith("AIDA").hasSize(21);
    CreatePolicyResponse policy =
        iam.createPolicy(
            r -> r.policyName("S3Access-Bharat-pw-bucket").policyDocument(SEED_POLICY));
    String arn = policy.policy().arn();
    assertThat(arn).isEqualTo("arn:aws:iam::000000000000:policy/S3Access-Bharat-pw-bucket");
    assertThat(policy.policy().policyId()).startsWith("ANPA");
    assertThat(policy.policy().defaultVersionId()).isEqualTo("v1");
    iam.attachUserPolicy(r -> r.userName("Bharat-pw").policyArn(arn));
    assertThat(iam.listAttachedUserPolicies(r -> r.userName("Bharat-pw")).attachedPolicies())
        .singleElement()
        .satisfies(p -> assertThat(p.policyName()).isEqualTo("S3Access-Bharat-pw-bucket"));
    assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount()).isEqualTo(1);
    AccessKey key = iam.createAccessKey(r -> r.userName("Bharat-pw")).accessKey();
    assertThat(key.accessKeyId()).startsWith("AKIA").hasSize(20);
    assertThat(key.secretAccessKey()).hasSize(40);
    assertThat(key.status()).isEqualTo(StatusType.ACTIVE);

    PolicyVersion version =
        iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion();
    assertThat(version.isDefaultVersion()).isTrue();
    assertThat(version.document()).startsWith("%7B"); // URL-encoded, as AWS returns it
    assertThat(URLDecoder.decode(version.document(), StandardCharsets.UTF_8))
        .isEqualTo(SEED_POLICY);

    try (StsClient asUser = sts(key.accessKeyId(), key.secretAccessKey())) {
      GetCallerIdentityResponse identity = asUser.getCallerIdentity();
      assertThat(identity.arn()).isEqualTo(user.arn());
      assertThat(identity.userId()).isEqualTo(user.userId());
      assertThat(identity.account()).isEqualTo("000000000000");
    }
    assertThat(iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).userName())
        .isEqualTo("Bharat-pw");
  }

  @Test
  void inactiveAndDeletedKeysNoLongerSign() {
    iam.createUser(r -> r.userName("alice"));
    AccessKey key = iam.createAccessKey(r -> r.userName("alice")).accessKey();
    try (StsClient asAlice = sts(key.accessKeyId(), key.secretAccessKey())) {
      assertThat(asAlice.getCallerIdentity().arn()).endsWith(":user/alice");
      iam.updateAccessKey(
          r -> r.userName("alice").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
      assertThat(iam.listAccessKeys(r -> r.userName("alice")).accessKeyMetadata())
          .extracting(AccessKeyMetadata::status)
          .containsExactly(StatusType.INACTIVE);
      assertError(asAlice::getCallerIdentity, 403, "InvalidClientTokenId");
      iam.updateAccessKey(
          r -> r.userName("alice").accessKeyId(key.accessKeyId()).status(StatusType.ACTIVE));
      assertThat(asAlice.getCallerIdentity().arn()).endsWith(":user/alice");
      iam.deleteAccessKey(r -> r.userName("alice").accessKeyId(key.accessKeyId()));
      assertError(asAlice::getCallerIdentity, 403, "InvalidClientTokenId");
    }
  }

  @Test
  void errorCodes() {
    iam.createUser(r -> r.userName("bob"));
    assertError(() -> iam.createUser(r -> r.userName("BOB")), 409, "EntityAlreadyExists");
    assertError(() -> iam.getUser(r -> r.userName("nobody")), 404, "NoSuchEntity");
    assertError(() -> iam.createUser(r -> r.userName("bad name")), 400, "ValidationError");
    iam.createAccessKey(r -> r.userName("bob"));
    iam.createAccessKey(r -> r.userName("bob"));
    assertError(() -> iam.createAccessKey(r -> r.userName("bob")), 409, "LimitExceeded");
    assertError(() -> iam.deleteUser(r -> r.userName("bob")), 409, "DeleteConflict");
    assertError(
        () -> iam.createPolicy(r -> r.policyName("p").policyDocument("{not json")),
        400,
        "MalformedPolicyDocument");
    assertError(
        () ->
            iam.createPolicy(
                r -> r.policyName("p").policyDocument("{\"Statement\":[{\"Effect\":\"Maybe\"}]}")),
        400,
        "MalformedPolicyDocument");
    for (int i = 0; i < 10; i++) {
      String name = "p" + i;
      String arn =
          iam.createPolicy(r -> r.policyName(name).policyDocument(SEED_POLICY)).policy().arn();
      iam.attachUserPolicy(r -> r.userName("bob").policyArn(arn));
    }
    String eleventh =
        iam.createPolicy(r -> r.policyName("p10").policyDocument(SEED_POLICY)).policy().arn();
    assertError(
        () -> iam.attachUserPolicy(r -> r.userName("bob").policyArn(eleventh)),
        409,
        "LimitExceeded");
    String p0 = "arn:aws:iam::000000000000:policy/p0";
    assertError(() -> iam.deletePolicy(r -> r.policyArn(p0)), 409, "DeleteConflict");
    assertError(
        () -> iam.getPolicy(r -> r.policyArn("arn:aws:iam::000000000000:policy/none")),
        404,
        "NoSuchEntity");
  }

  @Test
  void policyVersionsUpToFiveAndTheDefaultStays() {
    String arn =
        iam.createPolicy(r -> r.policyName("versions").policyDocument(SEED_POLICY)).policy().arn();
    for (int i = 2; i <= 5; i++) {
      boolean makeDefault = i == 3;
      assertThat(
              iam.createPolicyVersion(
                      r -> r.policyArn(arn).policyDocument(SEED_POLICY).setAsDefault(makeDefault))
                  .policyVersion()
                  .versionId())
          .isEqualTo("v" + i);
    }
    assertError(
        () -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(SEED_POLICY)),
        409,
        "LimitExceeded");
    assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId()).isEqualTo("v3");
    assertError(
        () -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v3")),
        409,
        "DeleteConflict");
    iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v5"));
    iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1"));
    assertThat(iam.listPolicyVersions(r -> r.policyArn(arn)).versions())
        .extracting(PolicyVersion::versionId)
        .containsExactlyInAnyOrder("v2", "v3", "v4", "v5");
    assertThat(
            iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(SEED_POLICY))
                .policyVersion()
                .versionId())
        .isEqualTo("v6");
  }

  @Test
  void groupsInlinePoliciesAndPaging() {
    iam.createUser(r -> r.userName("carol"));
    iam.createGroup(r -> r.groupName("devs"));
    iam.addUserToGroup(r -> r.groupName("devs").userName("carol"));
    assertThat(iam.getGroup(r -> r.groupName("devs")).users())
        .extracting(User::userName)
        .containsExactly("carol");
    assertThat(iam.listGroupsForUser(r -> r.userName("carol")).groups()).hasSize(1);
    assertError(() -> iam.deleteGroup(r -> r.groupName("devs")), 409, "DeleteConflict");
    iam.putUserPolicy(r -> r.userName("carol").policyName("inline").policyDocument(SEED_POLICY));
    assertThat(
            URLDecoder.decode(
                iam.getUserPolicy(r -> r.userName("carol").policyName("inline")).policyDocument(),
                StandardCharsets.UTF_8))
        .isEqualTo(SEED_POLICY);
    assertThat(iam.listUserPolicies(r -> r.userName("carol")).policyNames())
        .containsExactly("inline");
    iam.removeUserFromGroup(r -> r.groupName("devs").userName("carol"));
    iam.deleteGroup(r -> r.groupName("devs"));
    assertError(() -> iam.deleteUser(r -> r.userName("carol")), 409, "DeleteConflict");
    iam.deleteUserPolicy(r -> r.userName("carol").policyName("inline"));
    iam.deleteUser(r -> r.userName("carol"));

    for (int i = 0; i < 5; i++) {
      String name = "u" + i;
      iam.createUser(r -> r.userName(name));
    }
    List<String> names = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      String from = marker;
      ListUsersResponse page = iam.listUsers(r -> r.maxItems(2).marker(from));
      page.users().forEach(u -> names.add(u.userName()));
      marker = page.isTruncated() ? page.marker() : null;
      pages++;
    } while (marker != null);
    assertThat(pages).isEqualTo(3);
    assertThat(names).containsExactly("u0", "u1", "u2", "u3", "u4");
  }

  @Test
  void assumeRoleGivesTemporaryCredentialsThatExpireOnBasinsClock() throws Exception {
    Role role =
        iam.createRole(r -> r.roleName("reader").assumeRolePolicyDocument(TRUST_ACCOUNT)).role();
    assertThat(role.roleId()).startsWith("AROA");
    assertThat(
            URLDecoder.decode(
                iam.getRole(r -> r.roleName("reader")).role().assumeRolePolicyDocument(),
                StandardCharsets.UTF_8))
        .isEqualTo(TRUST_ACCOUNT);
    AssumeRoleResponse assumed;
    try (StsClient root = sts("test", "test")) {
      assertError(
          () -> root.assumeRole(r -> r.roleArn(role.arn()).roleSessionName("x")),
          400,
          "ValidationError");
      assertError(
          () ->
              root.assumeRole(
                  r -> r.roleArn(role.arn()).roleSessionName("s1").durationSeconds(7200)),
          400,
          "ValidationError");
      assertError(
          () ->
              root.assumeRole(
                  r -> r.roleArn("arn:aws:iam::000000000000:role/missing").roleSessionName("s1")),
          403,
          "AccessDenied");
      assumed =
          root.assumeRole(
              r ->
                  r.roleArn(role.arn())
                      .roleSessionName("s1")
                      .policy(SEED_POLICY)
                      .durationSeconds(3600));
    }
    Credentials credentials = assumed.credentials();
    assertThat(credentials.accessKeyId()).startsWith("ASIA");
    assertThat(assumed.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::000000000000:assumed-role/reader/s1");
    assertThat(assumed.assumedRoleUser().assumedRoleId()).isEqualTo(role.roleId() + ":s1");
    try (StsClient asRole = sts(credentials)) {
      GetCallerIdentityResponse identity = asRole.getCallerIdentity();
      assertThat(identity.arn()).isEqualTo(assumed.assumedRoleUser().arn());
      assertThat(identity.userId()).isEqualTo(role.roleId() + ":s1");
      advanceHours(2);
      assertThatThrownBy(asRole::getCallerIdentity)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
                assertThat(e.statusCode()).isEqualTo(400);
              });
    }
  }

  @Test
  void trustPolicyNamingAnotherPrincipalDeniesAndAUsersSessionTokenWorks() {
    iam.createRole(
        r ->
            r.roleName("only-dave")
                .assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:user/dave\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}"));
    iam.createUser(r -> r.userName("dave"));
    iam.createUser(r -> r.userName("erin"));
    AccessKey dave = iam.createAccessKey(r -> r.userName("dave")).accessKey();
    AccessKey erin = iam.createAccessKey(r -> r.userName("erin")).accessKey();
    String roleArn = "arn:aws:iam::000000000000:role/only-dave";
    try (StsClient asErin = sts(erin.accessKeyId(), erin.secretAccessKey());
        StsClient asDave = sts(dave.accessKeyId(), dave.secretAccessKey())) {
      assertError(
          () -> asErin.assumeRole(r -> r.roleArn(roleArn).roleSessionName("erin-session")),
          403,
          "AccessDenied");
      assertThat(
              asDave
                  .assumeRole(r -> r.roleArn(roleArn).roleSessionName("dave-session"))
                  .assumedRoleUser()
                  .arn())
          .endsWith(":assumed-role/only-dave/dave-session");
      Credentials session = asDave.getSessionToken().credentials();
      try (StsClient asSession = sts(session)) {
        assertThat(asSession.getCallerIdentity().arn())
            .isEqualTo("arn:aws:iam::000000000000:user/dave");
        assertError(asSession::getSessionToken, 403, "AccessDenied");
      }
    }
  }

  @Test
  void restartKeepsUsersKeysAndSessions() throws Exception {
    iam.createUser(r -> r.userName("frank").path("/team/"));
    AccessKey key = iam.createAccessKey(r -> r.userName("frank")).accessKey();
    iam.createRole(r -> r.roleName("r").assumeRolePolicyDocument(TRUST_ACCOUNT));
    Credentials credentials;
    try (StsClient root = sts("test", "test")) {
      credentials =
          root.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/r").roleSessionName("s1"))
              .credentials();
    }
    iam.close();
    basin = basin.restart();
    iam = basin.client(IamClient.builder(), "test", "test", Region.AWS_GLOBAL);
    assertThat(iam.getUser(r -> r.userName("frank")).user().arn())
        .isEqualTo("arn:aws:iam::000000000000:user/team/frank");
    try (StsClient asFrank = sts(key.accessKeyId(), key.secretAccessKey());
        StsClient asRole = sts(credentials)) {
      assertThat(asFrank.getCallerIdentity().arn()).endsWith(":user/team/frank");
      assertThat(asRole.getCallerIdentity().arn()).endsWith(":assumed-role/r/s1");
    }
  }

  private void advanceHours(int hours) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        basin.endpoint().resolve("/_basin/clock/advance?hours=" + hours))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }
}
