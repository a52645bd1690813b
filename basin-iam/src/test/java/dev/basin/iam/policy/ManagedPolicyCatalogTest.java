package dev.basin.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled AWS managed policies parse and grant what AWS documents them to grant. */
class ManagedPolicyCatalogTest {

  static final ManagedPolicyCatalog CATALOG = ManagedPolicyCatalog.load();
  static final RequestPrincipal USER = PolicyEvaluatorTest.BHARAT;
  static final String ACCOUNT = PolicyEvaluatorTest.ACCOUNT;

  @Test
  void bundlesTheCommonPoliciesWithTheirArns() {
    assertThat(CATALOG.all()).hasSize(18);
    assertThat(CATALOG.all())
        .extracting(ManagedPolicyCatalog.ManagedPolicy::arn)
        .contains(
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
            "arn:aws:iam::aws:policy/IAMReadOnlyAccess");
    assertThat(CATALOG.byArn("arn:aws:iam::aws:policy/AWSGlueServiceRole")).isEmpty();
    assertThat(CATALOG.byArn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"))
        .hasValueSatisfying(p -> assertThat(p.defaultVersionId()).isEqualTo("v3"));
  }

  static Stream<Arguments> grants() {
    String bucket = "arn:aws:s3:::bharat-pw-bucket";
    String table = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/BharatTable";
    return Stream.of(
        Arguments.of(
            "AdministratorAccess", "iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/x", true),
        Arguments.of("PowerUserAccess", "s3:DeleteBucket", bucket, true),
        Arguments.of(
            "PowerUserAccess", "iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/x", false),
        Arguments.of("PowerUserAccess", "iam:ListRoles", "*", true),
        Arguments.of("ReadOnlyAccess", "dynamodb:Scan", table, true),
        Arguments.of("ReadOnlyAccess", "dynamodb:PutItem", table, false),
        Arguments.of("AmazonS3FullAccess", "s3:PutObject", bucket + "/k", true),
        Arguments.of("AmazonS3ReadOnlyAccess", "s3:GetObject", bucket + "/k", true),
        Arguments.of("AmazonS3ReadOnlyAccess", "s3:ListBucket", bucket, true),
        Arguments.of("AmazonS3ReadOnlyAccess", "s3:PutObject", bucket + "/k", false),
        Arguments.of("AmazonDynamoDBFullAccess", "dynamodb:DeleteTable", table, true),
        Arguments.of("AmazonDynamoDBReadOnlyAccess", "dynamodb:GetItem", table, true),
        Arguments.of("AmazonDynamoDBReadOnlyAccess", "dynamodb:DeleteItem", table, false),
        Arguments.of(
            "AWSLambdaBasicExecutionRole",
            "logs:PutLogEvents",
            "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/aws/lambda/f:*",
            true),
        Arguments.of("AWSLambdaBasicExecutionRole", "s3:GetObject", bucket + "/k", false),
        Arguments.of(
            "AWSLambda_FullAccess",
            "lambda:CreateFunction",
            "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:f",
            true),
        Arguments.of("AWSGlueServiceRole", "glue:CreateTable", "*", true),
        Arguments.of(
            "AWSGlueServiceRole", "s3:GetObject", "arn:aws:s3:::aws-glue-scripts/job.py", true),
        Arguments.of(
            "AWSGlueServiceRole", "s3:GetObject", bucket + "/csv-data/pw-sample.csv", false),
        Arguments.of(
            "AWSGlueServiceRole", "s3:GetObject", bucket + "/x/my-aws-glue-temp/part-0", true),
        Arguments.of("AmazonAthenaFullAccess", "athena:StartQueryExecution", "*", true),
        Arguments.of(
            "AmazonAthenaFullAccess",
            "s3:PutObject",
            "arn:aws:s3:::aws-athena-query-results-1-us-east-1/q.csv",
            true),
        Arguments.of("AmazonRedshiftFullAccess", "redshift-data:ExecuteStatement", "*", true),
        Arguments.of(
            "AmazonKinesisFullAccess",
            "kinesis:PutRecord",
            "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/s",
            true),
        Arguments.of("CloudWatchFullAccess", "cloudwatch:PutMetricData", "*", true),
        Arguments.of("CloudWatchLogsFullAccess", "logs:CreateLogGroup", "*", true),
        Arguments.of("AWSCloudTrail_FullAccess", "cloudtrail:LookupEvents", "*", true),
        Arguments.of(
            "IAMFullAccess", "iam:AttachUserPolicy", "arn:aws:iam::" + ACCOUNT + ":user/x", true),
        Arguments.of(
            "IAMReadOnlyAccess", "iam:GetUser", "arn:aws:iam::" + ACCOUNT + ":user/x", true),
        Arguments.of(
            "IAMReadOnlyAccess", "iam:CreateUser", "arn:aws:iam::" + ACCOUNT + ":user/x", false));
  }

  @ParameterizedTest(name = "{0}: {1} on {2} -> allowed={3}")
  @MethodSource("grants")
  void grants(String name, String action, String resource, boolean allowed) {
    ManagedPolicyCatalog.ManagedPolicy policy =
        CATALOG.all().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    Decision decision =
        new PolicyEvaluator()
            .evaluate(
                EvaluationRequest.builder(USER, action, resource)
                    .identityPolicy(new AttachedPolicy(policy.arn(), policy.document()))
                    .build());
    assertThat(decision.allowed()).isEqualTo(allowed);
  }
}
