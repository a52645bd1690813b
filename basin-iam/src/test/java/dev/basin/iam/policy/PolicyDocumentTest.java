package dev.basin.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parsing and validation: which documents AWS accepts, and the MalformedPolicyDocument message it
 * gives for those it rejects (messages as IAM returns them; moto's validator, built from recorded
 * AWS responses, agrees on each).
 */
class PolicyDocumentTest {

  static final String ALLOW_S3 =
      "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}";

  static String doc(String statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}";
  }

  static Arguments bad(String name, PolicyKind kind, String json, String message) {
    return Arguments.of(Named.of(name, json), kind, message);
  }

  static Stream<Arguments> malformed() {
    String identity = "identity: ";
    return Stream.of(
        bad(
            identity + "not JSON",
            PolicyKind.IDENTITY,
            "{\"Version\":",
            "Syntax errors in policy."),
        bad(identity + "a JSON array", PolicyKind.IDENTITY, "[]", "Syntax errors in policy."),
        bad(
            identity + "unknown top-level element",
            PolicyKind.IDENTITY,
            "{\"Version\":\"2012-10-17\",\"Statment\":[" + ALLOW_S3 + "]}",
            "Syntax errors in policy."),
        bad(
            identity + "no Statement",
            PolicyKind.IDENTITY,
            "{\"Version\":\"2012-10-17\"}",
            "Syntax errors in policy."),
        bad(
            identity + "empty Statement list",
            PolicyKind.IDENTITY,
            doc("[]"),
            "Syntax errors in policy."),
        bad(
            identity + "Statement is a string",
            PolicyKind.IDENTITY,
            doc("\"s3\""),
            "Syntax errors in policy."),
        bad(
            identity + "unknown Version",
            PolicyKind.IDENTITY,
            "{\"Version\":\"2020-01-01\",\"Statement\":" + ALLOW_S3 + "}",
            "Syntax errors in policy."),
        bad(
            identity + "missing Effect",
            PolicyKind.IDENTITY,
            doc("{\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            identity + "invalid Effect",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Permit\",\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            identity + "Action and NotAction together",
            PolicyKind.IDENTITY,
            doc(
                "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            identity + "Resource and NotResource together",
            PolicyKind.IDENTITY,
            doc(
                "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"NotResource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            identity + "Action is a number",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Action\":5,\"Resource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            identity + "unknown statement element",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Comment\":\"x\"}"),
            "Syntax errors in policy."),
        bad(
            identity + "unknown condition operator",
            PolicyKind.IDENTITY,
            doc(
                "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringSortOf\":{\"a:b\":\"c\"}}}"),
            "Syntax errors in policy."),
        bad(
            identity + "condition value is an object",
            PolicyKind.IDENTITY,
            doc(
                "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"a:b\":{\"c\":1}}}}"),
            "Syntax errors in policy."),
        bad(
            identity + "duplicate key",
            PolicyKind.IDENTITY,
            doc(
                "{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            identity + "missing Version",
            PolicyKind.IDENTITY,
            "{\"Statement\":" + ALLOW_S3 + "}",
            "Policy document must be version 2012-10-17 or greater."),
        bad(
            identity + "Version 2008-10-17",
            PolicyKind.IDENTITY,
            "{\"Version\":\"2008-10-17\",\"Statement\":" + ALLOW_S3 + "}",
            "Policy document must be version 2012-10-17 or greater."),
        bad(
            identity + "Effect in the wrong case",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "The policy failed legacy parsing"),
        bad(
            identity + "unparseable date",
            PolicyKind.IDENTITY,
            doc(
                "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"tomorrow\"}}}"),
            "The policy failed legacy parsing"),
        bad(
            identity + "Principal in an identity policy",
            PolicyKind.IDENTITY,
            doc(
                "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "Policy document should not specify a principal."),
        bad(
            identity + "duplicate Sid",
            PolicyKind.IDENTITY,
            doc(
                "[{\"Sid\":\"A\","
                    + ALLOW_S3.substring(1)
                    + ",{\"Sid\":\"A\","
                    + ALLOW_S3.substring(1)
                    + "]"),
            "Statement IDs (SID) in a single policy must be unique."),
        bad(
            identity + "Sid with a space",
            PolicyKind.IDENTITY,
            doc("{\"Sid\":\"Allow S3\"," + ALLOW_S3.substring(1)),
            "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"),
        bad(
            identity + "no Action",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Resource\":\"*\"}"),
            "Policy statement must contain actions."),
        bad(
            identity + "empty Action list",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}"),
            "Policy statement must contain actions."),
        bad(
            identity + "no Resource",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}"),
            "Policy statement must contain resources."),
        bad(
            identity + "Resource not an ARN",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"bharat-pw-bucket\"}"),
            "Resource bharat-pw-bucket must be in ARN format or \"*\"."),
        bad(
            identity + "Action without a vendor",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"*\"}"),
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
        bad(
            identity + "Action with two colons",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Action\":\"s3:Get:Object\",\"Resource\":\"*\"}"),
            "Actions/Condition can contain only one colon."),
        bad(
            identity + "invalid vendor",
            PolicyKind.IDENTITY,
            doc("{\"Effect\":\"Allow\",\"Action\":\"s 3:GetObject\",\"Resource\":\"*\"}"),
            "Vendor s 3 is not valid"),
        bad(
            "resource: missing Principal",
            PolicyKind.RESOURCE,
            doc(ALLOW_S3),
            "Missing required field Principal"),
        bad(
            "resource: invalid AWS principal",
            PolicyKind.RESOURCE,
            doc(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"bob\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "Invalid principal in policy"),
        bad(
            "resource: Principal is a non-* string",
            PolicyKind.RESOURCE,
            doc(
                "{\"Effect\":\"Allow\",\"Principal\":\"bob\",\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            "resource: unknown principal type",
            PolicyKind.RESOURCE,
            doc(
                "{\"Effect\":\"Allow\",\"Principal\":{\"Human\":\"bob\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            "resource: Principal and NotPrincipal together",
            PolicyKind.RESOURCE,
            doc(
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"NotPrincipal\":{\"AWS\":\"111122223333\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            "Syntax errors in policy."),
        bad(
            "trust: missing Principal",
            PolicyKind.TRUST,
            doc("{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}"),
            "Missing required field Principal"),
        bad(
            "trust: invalid AWS principal names it",
            PolicyKind.TRUST,
            doc(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"alice\"},\"Action\":\"sts:AssumeRole\"}"),
            "Invalid principal in policy: \"AWS\":\"alice\""));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("malformed")
  void rejectsWithAwsMessage(String json, PolicyKind kind, String message) {
    assertThatThrownBy(() -> PolicyDocument.parse(json, kind))
        .isInstanceOf(MalformedPolicyException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> wellFormed() {
    return Stream.of(
        Arguments.of(
            Named.of("the seed's Q3 policy", PolicyEvaluatorTest.Q3), PolicyKind.IDENTITY, 1),
        Arguments.of(
            Named.of("Statement as a single object", doc(ALLOW_S3)), PolicyKind.IDENTITY, 1),
        Arguments.of(
            Named.of(
                "Action and Resource as strings, Id present",
                "{\"Version\":\"2012-10-17\",\"Id\":\"p1\",\"Statement\":["
                    + ALLOW_S3
                    + ","
                    + ALLOW_S3
                    + "]}"),
            PolicyKind.IDENTITY,
            2),
        Arguments.of(
            Named.of(
                "unknown actions are allowed",
                doc("{\"Effect\":\"Allow\",\"Action\":\"s3:NoSuchAction\",\"Resource\":\"*\"}")),
            PolicyKind.IDENTITY,
            1),
        Arguments.of(
            Named.of(
                "bucket policy without Version",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}}"),
            PolicyKind.RESOURCE,
            1),
        Arguments.of(
            Named.of(
                "bucket policy version 2008-10-17",
                "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111122223333\",\"arn:aws:iam::444455556666:user/bob\"]},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b\"}}"),
            PolicyKind.RESOURCE,
            1),
        Arguments.of(
            Named.of(
                "trust policy for a service",
                doc(
                    "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"glue.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}")),
            PolicyKind.TRUST,
            1),
        Arguments.of(
            Named.of(
                "trust policy for a SAML provider",
                doc(
                    "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:saml-provider/Okta\"},\"Action\":\"sts:AssumeRoleWithSAML\",\"Condition\":{\"StringEquals\":{\"SAML:aud\":\"https://signin.aws.amazon.com/saml\"}}}")),
            PolicyKind.TRUST,
            1),
        Arguments.of(
            Named.of(
                "every operator family with IfExists and set qualifiers",
                doc(
                    "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{"
                        + "\"ForAnyValue:StringLikeIfExists\":{\"aws:TagKeys\":[\"a*\"]},\"NumericLessThanEquals\":{\"s3:max-keys\":10},"
                        + "\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"},\"Bool\":{\"aws:SecureTransport\":true},"
                        + "\"BinaryEquals\":{\"k:b\":\"QmFzaW4=\"},\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"::1/128\"]},"
                        + "\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:*:*\"},\"Null\":{\"aws:TokenIssueTime\":\"true\"}}}")),
            PolicyKind.IDENTITY,
            1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void accepts(String json, PolicyKind kind, int statements) throws MalformedPolicyException {
    PolicyDocument document = PolicyDocument.parse(json, kind);
    assertThat(document.statementCount()).isEqualTo(statements);
    assertThat(document.text()).isSameAs(json);
    assertThat(document.kind()).isEqualTo(kind);
  }

  @Test
  void bareAccountIdsAreNormalizedToRootArns() throws MalformedPolicyException {
    PolicyDocument document =
        PolicyDocument.parse(
            doc(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}"),
            PolicyKind.RESOURCE);
    assertThat(document.statements().get(0).principal().aws())
        .containsExactly("arn:aws:iam::111122223333:root");
  }

  @Test
  void sizeLimitsCountNonWhitespaceCharacters() {
    assertThat(PolicyLimits.countedLength("{ \"a\" :\n\t1 }")).isEqualTo(7);
    assertThat(PolicyLimits.MANAGED_POLICY_CHARS).isEqualTo(6_144);
    assertThat(PolicyLimits.USER_INLINE_CHARS).isEqualTo(2_048);
    assertThat(PolicyLimits.ROLE_INLINE_CHARS).isEqualTo(10_240);
    assertThat(PolicyLimits.GROUP_INLINE_CHARS).isEqualTo(5_120);
  }
}
