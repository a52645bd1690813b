package dev.basin.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.iam.policy.Decision.Outcome;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven checks of {@link PolicyEvaluator} against AWS's documented evaluation logic. Each
 * row names the behaviour it pins; the expected outcome comes from the AWS documentation pages
 * cited in the production Javadoc.
 */
class PolicyEvaluatorTest {

  static final String ACCOUNT = "111122223333";
  static final String OTHER_ACCOUNT = "444455556666";
  static final String BUCKET = "arn:aws:s3:::bharat-pw-bucket";
  static final String OBJECT = BUCKET + "/data/file.json";

  static final RequestPrincipal BHARAT =
      RequestPrincipal.user(ACCOUNT, "/", "Bharat-pw", "AIDAEXAMPLEBHARAT", Map.of("team", "data"));
  static final RequestPrincipal ALICE =
      RequestPrincipal.user(ACCOUNT, "/staff/", "alice", "AIDAEXAMPLEALICE", Map.of());
  static final RequestPrincipal ROLE_SESSION =
      RequestPrincipal.roleSession(
          ACCOUNT,
          "GlueRole",
          "arn:aws:iam::" + ACCOUNT + ":role/GlueRole",
          "job-42",
          "AROAEXAMPLEGLUE",
          Map.of("project", "etl"));
  static final RequestPrincipal FOREIGN_USER =
      RequestPrincipal.user(OTHER_ACCOUNT, "/", "bob", "AIDAEXAMPLEBOB", Map.of());

  /** The seed's Q3 policy, verbatim. */
  static final String Q3 =
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
      }
      """;

  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static AttachedPolicy identity(String json) {
    return attach("identity", json, PolicyKind.IDENTITY);
  }

  static AttachedPolicy resourcePolicy(String json) {
    return attach("bucket-policy", json, PolicyKind.RESOURCE);
  }

  static AttachedPolicy session(String json) {
    return attach("session", json, PolicyKind.IDENTITY);
  }

  static AttachedPolicy attach(String name, String json, PolicyKind kind) {
    try {
      return new AttachedPolicy(name, PolicyDocument.parse(json, kind));
    } catch (MalformedPolicyException e) {
      throw new AssertionError(name + " does not parse: " + e.getMessage() + "\n" + json, e);
    }
  }

  /** A one-statement identity policy. */
  static String stmt(String effect, String actions, String resources) {
    return stmt(effect, actions, resources, null);
  }

  static String stmt(String effect, String actions, String resources, String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\""
        + effect
        + "\",\"Action\":"
        + actions
        + ",\"Resource\":"
        + resources
        + (condition == null ? "" : ",\"Condition\":" + condition)
        + "}]}";
  }

  static String q(String s) {
    return "\"" + s + "\"";
  }

  static EvaluationRequest.Builder req(RequestPrincipal p, String action, String resource) {
    return EvaluationRequest.builder(p, action, resource);
  }

  static Arguments row(String name, Outcome expected, EvaluationRequest.Builder request) {
    return Arguments.of(Named.of(name, request.build()), expected);
  }

  static Arguments allow(String name, EvaluationRequest.Builder request) {
    return row(name, Outcome.ALLOW, request);
  }

  static Arguments implicit(String name, EvaluationRequest.Builder request) {
    return row(name, Outcome.IMPLICIT_DENY, request);
  }

  static Arguments explicit(String name, EvaluationRequest.Builder request) {
    return row(name, Outcome.EXPLICIT_DENY, request);
  }

  /**
   * A condition row: an identity policy allows s3:GetObject on everything under {@code condition};
   * the request carries {@code key} with {@code values} (no key at all when values is null).
   */
  static Arguments cond(
      String name, boolean expectAllowed, String condition, String key, String... values) {
    EvaluationRequest.Builder request =
        req(BHARAT, "s3:GetObject", OBJECT)
            .identityPolicy(identity(stmt("Allow", q("s3:GetObject"), q("*"), condition)));
    if (values != null) {
      request.context(key, values);
    }
    return row(name, expectAllowed ? Outcome.ALLOW : Outcome.IMPLICIT_DENY, request);
  }

  static final String[] MISSING = null;

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "seedQ3",
    "explicitDenyAndEffects",
    "notActionAndNotResource",
    "actionAndResourceMatching",
    "multipleKeysAndOperators",
    "s3Prefix",
    "policyVariables",
    "resourcePolicies",
    "sessionPolicies",
    "rootAndAnonymous"
  })
  void decides(EvaluationRequest request, Outcome expected) {
    assertThat(evaluator.evaluate(request).outcome()).isEqualTo(expected);
  }

  // ---------------------------------------------------------------------------------------------
  // The seed's Q3 policy

  static Stream<Arguments> seedQ3() {
    AttachedPolicy q3 = identity(Q3);
    return Stream.of(
        allow(
            "Q3 ListBucket on bharat-pw-bucket",
            req(BHARAT, "s3:ListBucket", BUCKET).identityPolicy(q3)),
        allow("Q3 GetObject on an object", req(BHARAT, "s3:GetObject", OBJECT).identityPolicy(q3)),
        allow("Q3 PutObject on an object", req(BHARAT, "s3:PutObject", OBJECT).identityPolicy(q3)),
        allow(
            "Q3 DeleteObject on an object",
            req(BHARAT, "s3:DeleteObject", OBJECT).identityPolicy(q3)),
        allow(
            "Q3 GetObject on a nested key",
            req(BHARAT, "s3:GetObject", BUCKET + "/a/b/c/d.parquet").identityPolicy(q3)),
        allow(
            "Q3 action names are case-insensitive",
            req(BHARAT, "S3:getobject", OBJECT).identityPolicy(q3)),
        implicit(
            "Q3 ListBucket on another bucket",
            req(BHARAT, "s3:ListBucket", "arn:aws:s3:::other-bucket").identityPolicy(q3)),
        implicit(
            "Q3 GetObject in another bucket",
            req(BHARAT, "s3:GetObject", "arn:aws:s3:::other-bucket/data/file.json")
                .identityPolicy(q3)),
        implicit(
            "Q3 bucket with the same prefix is another bucket",
            req(BHARAT, "s3:GetObject", "arn:aws:s3:::bharat-pw-bucket-2/x").identityPolicy(q3)),
        allow(
            "Q3 actions and resources combine freely: GetObject on the bucket ARN",
            req(BHARAT, "s3:GetObject", BUCKET).identityPolicy(q3)),
        implicit(
            "Q3 DeleteBucket is not granted",
            req(BHARAT, "s3:DeleteBucket", BUCKET).identityPolicy(q3)),
        implicit(
            "Q3 PutBucketPolicy is not granted",
            req(BHARAT, "s3:PutBucketPolicy", BUCKET).identityPolicy(q3)),
        implicit(
            "Q3 ListAllMyBuckets is not granted",
            req(BHARAT, "s3:ListAllMyBuckets", "*").identityPolicy(q3)),
        implicit(
            "Q3 DynamoDB is another service",
            req(
                    BHARAT,
                    "dynamodb:GetItem",
                    "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/BharatTable")
                .identityPolicy(q3)),
        implicit(
            "Q3 IAM is another service",
            req(BHARAT, "iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/eve")
                .identityPolicy(q3)),
        implicit(
            "Q3 bucket names are case-sensitive",
            req(BHARAT, "s3:ListBucket", "arn:aws:s3:::Bharat-pw-bucket").identityPolicy(q3)),
        implicit("no policies at all", req(BHARAT, "s3:GetObject", OBJECT)));
  }

  // ---------------------------------------------------------------------------------------------
  // Deny wins

  static Stream<Arguments> explicitDenyAndEffects() {
    AttachedPolicy allowAll = identity(stmt("Allow", q("*"), q("*")));
    AttachedPolicy denyDelete = identity(stmt("Deny", q("s3:DeleteObject"), q(BUCKET + "/*")));
    AttachedPolicy denyS3 = identity(stmt("Deny", q("s3:*"), q("*")));
    return Stream.of(
        explicit(
            "deny beats allow in another policy",
            req(BHARAT, "s3:DeleteObject", OBJECT)
                .identityPolicy(allowAll)
                .identityPolicy(denyDelete)),
        explicit(
            "deny beats allow regardless of order",
            req(BHARAT, "s3:DeleteObject", OBJECT)
                .identityPolicy(denyDelete)
                .identityPolicy(allowAll)),
        allow(
            "deny of another action leaves the allow",
            req(BHARAT, "s3:GetObject", OBJECT)
                .identityPolicy(allowAll)
                .identityPolicy(denyDelete)),
        explicit(
            "deny without any allow is explicit",
            req(BHARAT, "s3:DeleteObject", OBJECT).identityPolicy(denyDelete)),
        explicit(
            "deny of s3:* beats AdministratorAccess",
            req(BHARAT, "s3:ListBucket", BUCKET).identityPolicy(allowAll).identityPolicy(denyS3)),
        allow(
            "deny of s3:* leaves other services",
            req(BHARAT, "dynamodb:Scan", "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/t")
                .identityPolicy(allowAll)
                .identityPolicy(denyS3)),
        explicit(
            "deny in the same document as the allow",
            req(BHARAT, "s3:PutObject", OBJECT)
                .identityPolicy(
                    identity(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                            + "{\"Effect\":\"Deny\",\"Action\":\"s3:PutObject\",\"Resource\":\""
                            + BUCKET
                            + "/*\"}]}"))),
        explicit(
            "deny with a false condition does not apply, but a true one does",
            req(BHARAT, "s3:GetObject", OBJECT)
                .context("aws:SecureTransport", "false")
                .identityPolicy(allowAll)
                .identityPolicy(
                    identity(
                        stmt(
                            "Deny",
                            q("s3:*"),
                            q("*"),
                            "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")))),
        allow(
            "deny on insecure transport, request is secure",
            req(BHARAT, "s3:GetObject", OBJECT)
                .context("aws:SecureTransport", "true")
                .identityPolicy(allowAll)
                .identityPolicy(
                    identity(
                        stmt(
                            "Deny",
                            q("s3:*"),
                            q("*"),
                            "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")))));
  }

  // ---------------------------------------------------------------------------------------------
  // NotAction / NotResource

  static Stream<Arguments> notActionAndNotResource() {
    AttachedPolicy notIam =
        identity(
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\",\"organizations:*\"],\"Resource\":\"*\"}}");
    AttachedPolicy denyNotS3 =
        identity(
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}}");
    AttachedPolicy allowAll = identity(stmt("Allow", q("*"), q("*")));
    AttachedPolicy notResource =
        identity(
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotResource\":[\""
                + BUCKET
                + "\",\""
                + BUCKET
                + "/*\"]}}");
    AttachedPolicy denyNotResource =
        identity(
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"NotResource\":\""
                + BUCKET
                + "/public/*\"}}");
    return Stream.of(
        allow(
            "NotAction allows actions it does not list",
            req(BHARAT, "s3:GetObject", OBJECT).identityPolicy(notIam)),
        allow(
            "NotAction allows other services too",
            req(
                    BHARAT,
                    "lambda:InvokeFunction",
                    "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:f")
                .identityPolicy(notIam)),
        implicit(
            "NotAction does not allow the actions it lists",
            req(BHARAT, "iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/x")
                .identityPolicy(notIam)),
        implicit(
            "NotAction listing is case-insensitive",
            req(BHARAT, "IAM:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/x")
                .identityPolicy(notIam)),
        explicit(
            "Deny with NotAction denies everything else",
            req(BHARAT, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/t")
                .identityPolicy(allowAll)
                .identityPolicy(denyNotS3)),
        allow(
            "Deny with NotAction spares the listed service",
            req(BHARAT, "s3:GetObject", OBJECT).identityPolicy(allowAll).identityPolicy(denyNotS3)),
        allow(
            "NotResource allows other resources",
            req(BHARAT, "s3:GetObject", "arn:aws:s3:::other/x").identityPolicy(notResource)),
        implicit(
            "NotResource does not allow the listed object",
            req(BHARAT, "s3:GetObject", OBJECT).identityPolicy(notResource)),
        implicit(
            "NotResource does not allow the listed bucket",
            req(BHARAT, "s3:ListBucket", BUCKET).identityPolicy(notResource)),
        explicit(
            "Deny with NotResource denies outside public/",
            req(BHARAT, "s3:GetObject", OBJECT)
                .identityPolicy(allowAll)
                .identityPolicy(denyNotResource)),
        allow(
            "Deny with NotResource spares public/",
            req(BHARAT, "s3:GetObject", BUCKET + "/public/logo.png")
                .identityPolicy(allowAll)
                .identityPolicy(denyNotResource)));
  }

  // ---------------------------------------------------------------------------------------------
  // Wildcards in actions and ARNs

  static Stream<Arguments> actionAndResourceMatching() {
    AttachedPolicy getStar = identity(stmt("Allow", q("s3:Get*"), q("*")));
    AttachedPolicy question = identity(stmt("Allow", q("s3:?etObject"), q("*")));
    AttachedPolicy middleAction = identity(stmt("Allow", q("dynamodb:*Item"), q("*")));
    AttachedPolicy middleArn =
        identity(stmt("Allow", q("s3:GetObject"), q("arn:aws:s3:::*-logs/*/2024/*")));
    AttachedPolicy regionWildcard =
        identity(
            stmt("Allow", q("dynamodb:*"), q("arn:aws:dynamodb:*:" + ACCOUNT + ":table/Bharat*")));
    AttachedPolicy questionArn =
        identity(stmt("Allow", q("s3:GetObject"), q("arn:aws:s3:::bucket-?/*")));
    AttachedPolicy glueLogs =
        identity(stmt("Allow", q("logs:PutLogEvents"), q("arn:aws:logs:*:*:*:/aws-glue/*")));
    AttachedPolicy anyService = identity(stmt("Allow", q("*:Describe*"), q("*")));
    String table = "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/BharatTable";
    return Stream.of(
        allow(
            "s3:Get* covers GetObject",
            req(BHARAT, "s3:GetObject", OBJECT).identityPolicy(getStar)),
        allow(
            "s3:Get* covers GetBucketPolicy",
            req(BHARAT, "s3:GetBucketPolicy", BUCKET).identityPolicy(getStar)),
        implicit(
            "s3:Get* does not cover PutObject",
            req(BHARAT, "s3:PutObject", OBJECT).identityPolicy(getStar)),
        allow(
            "? matches one character in an action",
            req(BHARAT, "s3:GetObject", OBJECT).identityPolicy(question)),
        implicit(
            "? does not match two characters",
            req(BHARAT, "s3:GeetObject", OBJECT).identityPolicy(question)),
        allow(
            "wildcard in the middle of an action",
            req(BHARAT, "dynamodb:PutItem", table).identityPolicy(middleAction)),
        implicit(
            "middle wildcard still needs the suffix",
            req(BHARAT, "dynamodb:PutItems", table).identityPolicy(middleAction)),
        allow(
            "wildcards in the middle of an ARN",
            req(BHARAT, "s3:GetObject", "arn:aws:s3:::app-logs/web/2024/01/01.gz")
                .identityPolicy(middleArn)),
        implicit(
            "middle ARN wildcard needs the fixed part",
            req(BHARAT, "s3:GetObject", "arn:aws:s3:::app-logs/web/2023/01/01.gz")
                .identityPolicy(middleArn)),
        allow(
            "region wildcard and name prefix",
            req(BHARAT, "dynamodb:GetItem", table).identityPolicy(regionWildcard)),
        implicit(
            "account segment must match",
            req(
                    BHARAT,
                    "dynamodb:GetItem",
                    "arn:aws:dynamodb:eu-west-1:" + OTHER_ACCOUNT + ":table/BharatTable")
                .identityPolicy(regionWildcard)),
        implicit(
            "a segment wildcard does not cross a colon",
            req(
                    BHARAT,
                    "dynamodb:GetItem",
                    "arn:aws:dynamodb:eu-west-1:extra:" + ACCOUNT + ":table/BharatTable")
                .identityPolicy(regionWildcard)),
        allow(
            "? in an ARN matches one character",
            req(BHARAT, "s3:GetObject", "arn:aws:s3:::bucket-a/k").identityPolicy(questionArn)),
        implicit(
            "? in an ARN does not match none",
            req(BHARAT, "s3:GetObject", "arn:aws:s3:::bucket-/k").identityPolicy(questionArn)),
        allow(
            "the last ARN segment keeps its colons",
            req(
                    BHARAT,
                    "logs:PutLogEvents",
                    "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/aws-glue/jobs/output")
                .identityPolicy(glueLogs)),
        implicit(
            "last segment pattern must match",
            req(
                    BHARAT,
                    "logs:PutLogEvents",
                    "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/aws/lambda/f")
                .identityPolicy(glueLogs)),
        allow(
            "wildcard service prefix",
            req(BHARAT, "ec2:DescribeInstances", "*").identityPolicy(anyService)),
        implicit(
            "wildcard service prefix keeps the action pattern",
            req(BHARAT, "ec2:RunInstances", "*").identityPolicy(anyService)),
        allow(
            "unknown actions are matched like any other",
            req(BHARAT, "s3:MadeUpAction", OBJECT)
                .identityPolicy(identity(stmt("Allow", q("s3:MadeUp*"), q("*"))))));
  }

  static Stream<Arguments> multipleKeysAndOperators() {
    String twoKeys =
        "{\"StringEquals\":{\"s3:x-amz-acl\":\"private\",\"s3:x-amz-server-side-encryption\":\"AES256\"}}";
    String twoOperators =
        "{\"StringEquals\":{\"s3:x-amz-acl\":\"private\"},\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}";
    return Stream.of(
        row(
            "two keys under one operator: both hold",
            Outcome.ALLOW,
            req(BHARAT, "s3:PutObject", OBJECT)
                .context("s3:x-amz-acl", "private")
                .context("s3:x-amz-server-side-encryption", "AES256")
                .identityPolicy(identity(stmt("Allow", q("s3:PutObject"), q("*"), twoKeys)))),
        row(
            "two keys under one operator: one fails",
            Outcome.IMPLICIT_DENY,
            req(BHARAT, "s3:PutObject", OBJECT)
                .context("s3:x-amz-acl", "private")
                .context("s3:x-amz-server-side-encryption", "aws:kms")
                .identityPolicy(identity(stmt("Allow", q("s3:PutObject"), q("*"), twoKeys)))),
        row(
            "two keys under one operator: one missing",
            Outcome.IMPLICIT_DENY,
            req(BHARAT, "s3:PutObject", OBJECT)
                .context("s3:x-amz-acl", "private")
                .identityPolicy(identity(stmt("Allow", q("s3:PutObject"), q("*"), twoKeys)))),
        row(
            "two operators: both hold",
            Outcome.ALLOW,
            req(BHARAT, "s3:PutObject", OBJECT)
                .context("s3:x-amz-acl", "private")
                .context("aws:SourceIp", "10.1.2.3")
                .identityPolicy(identity(stmt("Allow", q("s3:PutObject"), q("*"), twoOperators)))),
        row(
            "two operators: the IP one fails",
            Outcome.IMPLICIT_DENY,
            req(BHARAT, "s3:PutObject", OBJECT)
                .context("s3:x-amz-acl", "private")
                .context("aws:SourceIp", "192.0.2.1")
                .identityPolicy(identity(stmt("Allow", q("s3:PutObject"), q("*"), twoOperators)))),
        row(
            "source-IP deny policy blocks outside addresses",
            Outcome.EXPLICIT_DENY,
            req(BHARAT, "s3:GetObject", OBJECT)
                .context("aws:SourceIp", "198.51.100.1")
                .identityPolicy(identity(Q3))
                .identityPolicy(
                    identity(
                        stmt(
                            "Deny",
                            q("*"),
                            q("*"),
                            "{\"NotIpAddress\":{\"aws:SourceIp\":[\"192.0.2.0/24\",\"203.0.113.0/24\"]}}")))),
        row(
            "source-IP deny policy lets inside addresses through",
            Outcome.ALLOW,
            req(BHARAT, "s3:GetObject", OBJECT)
                .context("aws:SourceIp", "203.0.113.10")
                .identityPolicy(identity(Q3))
                .identityPolicy(
                    identity(
                        stmt(
                            "Deny",
                            q("*"),
                            q("*"),
                            "{\"NotIpAddress\":{\"aws:SourceIp\":[\"192.0.2.0/24\",\"203.0.113.0/24\"]}}")))));
  }

  static Stream<Arguments> s3Prefix() {
    AttachedPolicy home =
        identity(
            "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"ListHome\",\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\""
                + BUCKET
                + "\","
                + "\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"\",\"home/\",\"home/${aws:username}/*\"]}}},"
                + "{\"Sid\":\"RwHome\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],"
                + "\"Resource\":\""
                + BUCKET
                + "/home/${aws:username}/*\"}]}");
    AttachedPolicy delimiter =
        identity(
            stmt(
                "Allow",
                q("s3:ListBucket"),
                q(BUCKET),
                "{\"StringEquals\":{\"s3:prefix\":\"csv-data/\",\"s3:delimiter\":\"/\"},\"NumericLessThanEquals\":{\"s3:max-keys\":\"100\"}}"));
    return Stream.of(
        allow(
            "ListBucket at the root prefix",
            req(BHARAT, "s3:ListBucket", BUCKET).context("s3:prefix", "").identityPolicy(home)),
        allow(
            "ListBucket in home/",
            req(BHARAT, "s3:ListBucket", BUCKET)
                .context("s3:prefix", "home/")
                .identityPolicy(home)),
        allow(
            "ListBucket in the own home folder",
            req(BHARAT, "s3:ListBucket", BUCKET)
                .context("s3:prefix", "home/Bharat-pw/2024/")
                .identityPolicy(home)),
        implicit(
            "ListBucket in someone else's folder",
            req(BHARAT, "s3:ListBucket", BUCKET)
                .context("s3:prefix", "home/alice/")
                .identityPolicy(home)),
        implicit(
            "ListBucket without a prefix key",
            req(BHARAT, "s3:ListBucket", BUCKET).identityPolicy(home)),
        allow(
            "GetObject in the own home folder",
            req(BHARAT, "s3:GetObject", BUCKET + "/home/Bharat-pw/notes.txt").identityPolicy(home)),
        implicit(
            "GetObject in another home folder",
            req(BHARAT, "s3:GetObject", BUCKET + "/home/alice/notes.txt").identityPolicy(home)),
        allow(
            "prefix, delimiter and max-keys all satisfied",
            req(BHARAT, "s3:ListBucket", BUCKET)
                .context("s3:prefix", "csv-data/")
                .context("s3:delimiter", "/")
                .context("s3:max-keys", "50")
                .identityPolicy(delimiter)),
        implicit(
            "max-keys too large",
            req(BHARAT, "s3:ListBucket", BUCKET)
                .context("s3:prefix", "csv-data/")
                .context("s3:delimiter", "/")
                .context("s3:max-keys", "1000")
                .identityPolicy(delimiter)));
  }

  static Stream<Arguments> policyVariables() {
    AttachedPolicy byUser = identity(stmt("Allow", q("s3:*"), q(BUCKET + "/${aws:username}/*")));
    AttachedPolicy byTag =
        identity(stmt("Allow", q("s3:GetObject"), q(BUCKET + "/teams/${aws:PrincipalTag/team}/*")));
    AttachedPolicy byUserId =
        identity(stmt("Allow", q("s3:GetObject"), q(BUCKET + "/${aws:userid}/*")));
    AttachedPolicy literalStar = identity(stmt("Allow", q("s3:GetObject"), q(BUCKET + "/${*}")));
    AttachedPolicy withDefault =
        identity(stmt("Allow", q("s3:GetObject"), q(BUCKET + "/${aws:username, 'shared'}/*")));
    AttachedPolicy dollar = identity(stmt("Allow", q("s3:GetObject"), q(BUCKET + "/price${$}/*")));
    AttachedPolicy question = identity(stmt("Allow", q("s3:GetObject"), q(BUCKET + "/what${?}")));
    AttachedPolicy old =
        identityAnyVersion(
            "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\""
                + BUCKET
                + "/${aws:username}/*\"}}");
    AttachedPolicy inCondition =
        identity(
            stmt(
                "Allow",
                q("s3:ListBucket"),
                q(BUCKET),
                "{\"StringLike\":{\"s3:prefix\":\"${aws:username}/*\"}}"));
    return Stream.of(
        allow(
            "${aws:username} in Resource",
            req(BHARAT, "s3:GetObject", BUCKET + "/Bharat-pw/a.txt").identityPolicy(byUser)),
        implicit(
            "${aws:username} is another user's folder",
            req(ALICE, "s3:GetObject", BUCKET + "/Bharat-pw/a.txt").identityPolicy(byUser)),
        implicit(
            "${aws:username} is missing for a role session",
            req(ROLE_SESSION, "s3:GetObject", BUCKET + "/GlueRole/a.txt").identityPolicy(byUser)),
        allow(
            "${aws:PrincipalTag/team}",
            req(BHARAT, "s3:GetObject", BUCKET + "/teams/data/x").identityPolicy(byTag)),
        implicit(
            "${aws:PrincipalTag/team} another team",
            req(BHARAT, "s3:GetObject", BUCKET + "/teams/web/x").identityPolicy(byTag)),
        implicit(
            "${aws:PrincipalTag/team} untagged principal",
            req(ALICE, "s3:GetObject", BUCKET + "/teams/data/x").identityPolicy(byTag)),
        allow(
            "${aws:userid} of a role session",
            req(ROLE_SESSION, "s3:GetObject", BUCKET + "/AROAEXAMPLEGLUE:job-42/x")
                .identityPolicy(byUserId)),
        allow(
            "${*} is a literal asterisk",
            req(BHARAT, "s3:GetObject", BUCKET + "/*").identityPolicy(literalStar)),
        implicit(
            "${*} is not a wildcard",
            req(BHARAT, "s3:GetObject", BUCKET + "/anything").identityPolicy(literalStar)),
        allow(
            "${?} is a literal question mark",
            req(BHARAT, "s3:GetObject", BUCKET + "/what?").identityPolicy(question)),
        implicit(
            "${?} is not a wildcard",
            req(BHARAT, "s3:GetObject", BUCKET + "/whatX").identityPolicy(question)),
        allow(
            "${$} is a literal dollar",
            req(BHARAT, "s3:GetObject", BUCKET + "/price$/list").identityPolicy(dollar)),
        allow(
            "a default value stands in for a missing key",
            req(ROLE_SESSION, "s3:GetObject", BUCKET + "/shared/x").identityPolicy(withDefault)),
        allow(
            "a default value is not used when the key exists",
            req(BHARAT, "s3:GetObject", BUCKET + "/Bharat-pw/x").identityPolicy(withDefault)),
        implicit(
            "version 2008-10-17 does not substitute variables",
            req(BHARAT, "s3:GetObject", BUCKET + "/Bharat-pw/x").identityPolicy(old)),
        allow(
            "variables in condition values",
            req(BHARAT, "s3:ListBucket", BUCKET)
                .context("s3:prefix", "Bharat-pw/docs/")
                .identityPolicy(inCondition)),
        implicit(
            "variables in condition values, other prefix",
            req(BHARAT, "s3:ListBucket", BUCKET)
                .context("s3:prefix", "alice/")
                .identityPolicy(inCondition)),
        allow(
            "a caller-supplied context key overrides the derived one",
            req(BHARAT, "s3:GetObject", BUCKET + "/override/x")
                .context("aws:username", "override")
                .identityPolicy(byUser)));
  }

  /** A 2008-10-17 identity document, as a resource kind parse accepts it (IAM itself refuses). */
  static AttachedPolicy identityAnyVersion(String json) {
    try {
      PolicyDocument parsed =
          PolicyDocument.parse(
              json.replace("\"Statement\":{", "\"Statement\":{\"Principal\":\"*\","),
              PolicyKind.RESOURCE);
      return new AttachedPolicy(
          "old",
          new PolicyDocument(
              parsed.text(),
              PolicyKind.IDENTITY,
              parsed.version(),
              null,
              parsed.statements().stream()
                  .map(
                      s ->
                          new Statement(
                              s.index(),
                              s.sid(),
                              s.effect(),
                              s.actions(),
                              s.notAction(),
                              s.resources(),
                              s.notResource(),
                              null,
                              false,
                              s.conditions()))
                  .toList()));
    } catch (MalformedPolicyException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Resource policies

  static String bucketPolicy(String effect, String principal, String actions, String resources) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S\",\"Effect\":\""
        + effect
        + "\",\"Principal\":"
        + principal
        + ",\"Action\":"
        + actions
        + ",\"Resource\":"
        + resources
        + "}]}";
  }

  static Stream<Arguments> resourcePolicies() {
    String aliceArn = "arn:aws:iam::" + ACCOUNT + ":user/staff/alice";
    AttachedPolicy grantAlice =
        resourcePolicy(
            bucketPolicy(
                "Allow", "{\"AWS\":\"" + aliceArn + "\"}", q("s3:GetObject"), q(BUCKET + "/*")));
    AttachedPolicy grantAccount =
        resourcePolicy(
            bucketPolicy(
                "Allow", "{\"AWS\":\"" + ACCOUNT + "\"}", q("s3:GetObject"), q(BUCKET + "/*")));
    AttachedPolicy grantForeign =
        resourcePolicy(
            bucketPolicy(
                "Allow",
                "{\"AWS\":[\"arn:aws:iam::" + OTHER_ACCOUNT + ":user/bob\"]}",
                q("s3:GetObject"),
                q(BUCKET + "/*")));
    AttachedPolicy grantForeignAccount =
        resourcePolicy(
            bucketPolicy(
                "Allow",
                "{\"AWS\":\"arn:aws:iam::" + OTHER_ACCOUNT + ":root\"}",
                q("s3:GetObject"),
                q(BUCKET + "/*")));
    AttachedPolicy publicRead =
        resourcePolicy(bucketPolicy("Allow", q("*"), q("s3:GetObject"), q(BUCKET + "/public/*")));
    AttachedPolicy denyAlice =
        resourcePolicy(
            bucketPolicy(
                "Deny",
                "{\"AWS\":\"" + aliceArn + "\"}",
                q("s3:*"),
                "[\"" + BUCKET + "\",\"" + BUCKET + "/*\"]"));
    AttachedPolicy denyAccount =
        resourcePolicy(
            bucketPolicy(
                "Deny",
                "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"}",
                q("s3:DeleteObject"),
                q(BUCKET + "/*")));
    AttachedPolicy notPrincipalDeny =
        resourcePolicy(
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\""
                + aliceArn
                + "\"]},\"Action\":\"s3:*\",\"Resource\":\""
                + BUCKET
                + "/*\"}}");
    AttachedPolicy grantRole =
        resourcePolicy(
            bucketPolicy(
                "Allow",
                "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":role/GlueRole\"}",
                q("s3:GetObject"),
                q(BUCKET + "/*")));
    AttachedPolicy grantService =
        resourcePolicy(
            bucketPolicy(
                "Allow",
                "{\"Service\":\"cloudtrail.amazonaws.com\"}",
                q("s3:PutObject"),
                q(BUCKET + "/AWSLogs/*")));
    AttachedPolicy q3 = identity(Q3);
    return Stream.of(
        allow(
            "bucket policy grants another user in the account",
            req(ALICE, "s3:GetObject", OBJECT)
                .identityPolicy(identity(stmt("Allow", q("dynamodb:*"), q("*"))))
                .resourcePolicy(grantAlice)),
        allow(
            "bucket policy alone suffices in the same account",
            req(ALICE, "s3:GetObject", OBJECT).resourcePolicy(grantAlice)),
        implicit(
            "bucket policy for alice does not cover Bharat",
            req(BHARAT, "s3:GetObject", "arn:aws:s3:::bharat-pw-bucket/x")
                .resourcePolicy(grantAlice)),
        implicit(
            "bucket policy for alice does not cover PutObject",
            req(ALICE, "s3:PutObject", OBJECT).resourcePolicy(grantAlice)),
        implicit(
            "bucket policy naming the account delegates to IAM",
            req(ALICE, "s3:GetObject", OBJECT).resourcePolicy(grantAccount)),
        allow(
            "bucket policy naming the account plus an identity allow",
            req(BHARAT, "s3:GetObject", OBJECT).identityPolicy(q3).resourcePolicy(grantAccount)),
        explicit(
            "bucket policy deny beats the identity allow",
            req(ALICE, "s3:GetObject", OBJECT)
                .identityPolicy(identity(stmt("Allow", q("s3:*"), q("*"))))
                .resourcePolicy(denyAlice)),
        allow(
            "bucket policy deny for alice does not touch Bharat",
            req(BHARAT, "s3:GetObject", OBJECT).identityPolicy(q3).resourcePolicy(denyAlice)),
        explicit(
            "a deny naming the account applies to its users",
            req(BHARAT, "s3:DeleteObject", OBJECT).identityPolicy(q3).resourcePolicy(denyAccount)),
        explicit(
            "NotPrincipal deny hits everyone not listed",
            req(BHARAT, "s3:GetObject", OBJECT)
                .identityPolicy(q3)
                .resourcePolicy(notPrincipalDeny)),
        allow(
            "NotPrincipal deny spares the listed principal",
            req(ALICE, "s3:GetObject", OBJECT)
                .identityPolicy(identity(stmt("Allow", q("s3:*"), q("*"))))
                .resourcePolicy(notPrincipalDeny)),
        allow(
            "public-read policy lets anonymous callers read",
            req(RequestPrincipal.anonymous(), "s3:GetObject", BUCKET + "/public/index.html")
                .resourcePolicy(publicRead)),
        implicit(
            "public-read policy does not cover other keys",
            req(RequestPrincipal.anonymous(), "s3:GetObject", OBJECT).resourcePolicy(publicRead)),
        implicit(
            "anonymous callers get nothing from identity policies",
            req(RequestPrincipal.anonymous(), "s3:GetObject", OBJECT).identityPolicy(q3)),
        implicit(
            "cross-account: bucket policy alone is not enough",
            req(FOREIGN_USER, "s3:GetObject", OBJECT)
                .resourceAccount(ACCOUNT)
                .resourcePolicy(grantForeign)),
        allow(
            "cross-account: bucket policy and identity policy",
            req(FOREIGN_USER, "s3:GetObject", OBJECT)
                .resourceAccount(ACCOUNT)
                .resourcePolicy(grantForeign)
                .identityPolicy(identity(stmt("Allow", q("s3:GetObject"), q("*"))))),
        allow(
            "cross-account: bucket policy naming the account and identity policy",
            req(FOREIGN_USER, "s3:GetObject", OBJECT)
                .resourceAccount(ACCOUNT)
                .resourcePolicy(grantForeignAccount)
                .identityPolicy(identity(stmt("Allow", q("s3:GetObject"), q("*"))))),
        implicit(
            "cross-account: identity policy alone is not enough",
            req(FOREIGN_USER, "s3:GetObject", OBJECT)
                .resourceAccount(ACCOUNT)
                .identityPolicy(identity(stmt("Allow", q("s3:GetObject"), q("*"))))),
        allow(
            "bucket policy naming the role covers its sessions",
            req(ROLE_SESSION, "s3:GetObject", OBJECT).resourcePolicy(grantRole)),
        allow(
            "service principal in a bucket policy",
            req(
                    RequestPrincipal.service("cloudtrail.amazonaws.com"),
                    "s3:PutObject",
                    BUCKET + "/AWSLogs/1/x.json.gz")
                .resourcePolicy(grantService)),
        implicit(
            "other service principal",
            req(
                    RequestPrincipal.service("lambda.amazonaws.com"),
                    "s3:PutObject",
                    BUCKET + "/AWSLogs/1/x.json.gz")
                .resourcePolicy(grantService)));
  }

  static Stream<Arguments> sessionPolicies() {
    AttachedPolicy roleS3 = identity(stmt("Allow", q("s3:*"), q("*")));
    AttachedPolicy sessionRead = session(stmt("Allow", q("s3:GetObject"), q(BUCKET + "/*")));
    AttachedPolicy sessionDeny = session(stmt("Deny", q("s3:GetObject"), q(BUCKET + "/private/*")));
    AttachedPolicy sessionEverything = session(stmt("Allow", q("*"), q("*")));
    AttachedPolicy grantSession =
        resourcePolicy(
            bucketPolicy(
                "Allow",
                "{\"AWS\":\"arn:aws:sts::" + ACCOUNT + ":assumed-role/GlueRole/job-42\"}",
                q("s3:PutObject"),
                q(BUCKET + "/*")));
    AttachedPolicy grantRole =
        resourcePolicy(
            bucketPolicy(
                "Allow",
                "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":role/GlueRole\"}",
                q("s3:PutObject"),
                q(BUCKET + "/*")));
    return Stream.of(
        allow(
            "role without session policy",
            req(ROLE_SESSION, "s3:PutObject", OBJECT).identityPolicy(roleS3)),
        allow(
            "session policy and role both allow",
            req(ROLE_SESSION, "s3:GetObject", OBJECT)
                .identityPolicy(roleS3)
                .sessionPolicy(sessionRead)),
        implicit(
            "session policy narrows the role",
            req(ROLE_SESSION, "s3:PutObject", OBJECT)
                .identityPolicy(roleS3)
                .sessionPolicy(sessionRead)),
        implicit(
            "session policy cannot widen the role",
            req(
                    ROLE_SESSION,
                    "dynamodb:GetItem",
                    "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/t")
                .identityPolicy(roleS3)
                .sessionPolicy(sessionEverything)),
        implicit(
            "session policy on another bucket",
            req(ROLE_SESSION, "s3:GetObject", "arn:aws:s3:::other/x")
                .identityPolicy(roleS3)
                .sessionPolicy(sessionRead)),
        explicit(
            "deny in a session policy",
            req(ROLE_SESSION, "s3:GetObject", BUCKET + "/private/x")
                .identityPolicy(roleS3)
                .sessionPolicy(sessionEverything)
                .sessionPolicy(sessionDeny)),
        allow(
            "resource policy naming the session ignores session policies",
            req(ROLE_SESSION, "s3:PutObject", OBJECT)
                .sessionPolicy(sessionRead)
                .resourcePolicy(grantSession)),
        implicit(
            "resource policy naming the role is limited by session policies",
            req(ROLE_SESSION, "s3:PutObject", OBJECT)
                .sessionPolicy(sessionRead)
                .resourcePolicy(grantRole)),
        allow(
            "resource policy naming the role, session policy allows",
            req(ROLE_SESSION, "s3:PutObject", OBJECT)
                .sessionPolicy(sessionEverything)
                .resourcePolicy(grantRole)),
        allow(
            "aws:PrincipalArn of a session is the role ARN",
            req(ROLE_SESSION, "s3:GetObject", OBJECT)
                .identityPolicy(
                    identity(
                        stmt(
                            "Allow",
                            q("s3:*"),
                            q("*"),
                            "{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::"
                                + ACCOUNT
                                + ":role/GlueRole\"}}")))),
        allow(
            "aws:PrincipalTag of a session",
            req(ROLE_SESSION, "s3:GetObject", OBJECT)
                .identityPolicy(
                    identity(
                        stmt(
                            "Allow",
                            q("s3:*"),
                            q("*"),
                            "{\"StringEquals\":{\"aws:PrincipalTag/project\":\"etl\",\"aws:PrincipalType\":\"AssumedRole\"}}")))));
  }

  static Stream<Arguments> rootAndAnonymous() {
    RequestPrincipal root = RequestPrincipal.root(ACCOUNT);
    AttachedPolicy denyRoot =
        resourcePolicy(
            bucketPolicy(
                "Deny",
                "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"}",
                q("s3:DeleteBucket"),
                q(BUCKET)));
    return Stream.of(
        allow(
            "root is allowed everything in its account",
            req(root, "iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/x")),
        allow("root is allowed S3 without policies", req(root, "s3:DeleteBucket", BUCKET)),
        explicit(
            "a bucket policy can deny root",
            req(root, "s3:DeleteBucket", BUCKET).resourcePolicy(denyRoot)),
        implicit(
            "root of another account needs the bucket policy",
            req(RequestPrincipal.root(OTHER_ACCOUNT), "s3:GetObject", OBJECT)
                .resourceAccount(ACCOUNT)),
        allow("aws:PrincipalType Account for root", req(root, "s3:GetObject", OBJECT)),
        implicit(
            "anonymous without policies",
            req(RequestPrincipal.anonymous(), "s3:ListBucket", BUCKET)));
  }

  // ---------------------------------------------------------------------------------------------
  // The deciding statement

  @org.junit.jupiter.api.Test
  void decisionNamesTheDecidingStatement() {
    AttachedPolicy allowing =
        new AttachedPolicy(
            "arn:aws:iam::" + ACCOUNT + ":policy/S3Access-Bharat-pw-bucket",
            identity(Q3).document());
    AttachedPolicy denying =
        new AttachedPolicy(
            "inline/no-delete",
            identity(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Keep\",\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\"},"
                        + "{\"Sid\":\"NoDelete\",\"Effect\":\"Deny\",\"Action\":\"s3:Delete*\",\"Resource\":\"*\"}]}")
                .document());

    Decision allowed =
        evaluator.evaluate(
            req(BHARAT, "s3:GetObject", OBJECT)
                .identityPolicy(allowing)
                .identityPolicy(denying)
                .build());
    Decision denied =
        evaluator.evaluate(
            req(BHARAT, "s3:DeleteObject", OBJECT)
                .identityPolicy(allowing)
                .identityPolicy(denying)
                .build());
    Decision implicit =
        evaluator.evaluate(
            req(BHARAT, "s3:PutBucketPolicy", BUCKET).identityPolicy(allowing).build());

    assertThat(allowed.deciding())
        .isEqualTo(
            new Decision.DecidingStatement(
                allowing.name(), Decision.Source.IDENTITY, 0, "AllowLimitedS3Access"));
    assertThat(denied.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(denied.deciding())
        .isEqualTo(
            new Decision.DecidingStatement(
                "inline/no-delete", Decision.Source.IDENTITY, 1, "NoDelete"));
    assertThat(implicit.deciding()).isNull();
    assertThat(implicit.allowed()).isFalse();
  }
}
