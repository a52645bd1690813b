package dev.basin.iam.policy;

import static dev.basin.iam.policy.PolicyEvaluatorTest.ACCOUNT;
import static dev.basin.iam.policy.PolicyEvaluatorTest.MISSING;
import static dev.basin.iam.policy.PolicyEvaluatorTest.cond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.iam.policy.Decision.Outcome;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every condition operator family, with {@code ...IfExists}, the set operators and missing keys.
 * Each row: an identity policy allows s3:GetObject under one condition; the request carries the key
 * (or not); the row says whether the condition holds, per AWS's condition operator reference.
 */
class PolicyConditionTest {

  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "stringConditions",
    "numericConditions",
    "dateConditions",
    "boolBinaryAndIpConditions",
    "arnConditions",
    "nullAndIfExists",
    "setOperators"
  })
  void conditionHolds(EvaluationRequest request, Outcome expected) {
    assertThat(evaluator.evaluate(request).outcome()).isEqualTo(expected);
  }

  static Stream<Arguments> stringConditions() {
    return Stream.of(
        cond(
            "StringEquals matches",
            true,
            "{\"StringEquals\":{\"aws:username\":\"Bharat-pw\"}}",
            "ignored",
            MISSING),
        cond(
            "StringEquals is case-sensitive",
            false,
            "{\"StringEquals\":{\"aws:username\":\"bharat-pw\"}}",
            "ignored",
            MISSING),
        cond(
            "StringEquals values are ORed",
            true,
            "{\"StringEquals\":{\"s3:x-amz-acl\":[\"private\",\"bucket-owner-full-control\"]}}",
            "s3:x-amz-acl",
            "bucket-owner-full-control"),
        cond(
            "StringEquals treats * literally",
            false,
            "{\"StringEquals\":{\"s3:x-amz-acl\":\"*\"}}",
            "s3:x-amz-acl",
            "private"),
        cond(
            "StringEquals on a missing key is false",
            false,
            "{\"StringEquals\":{\"s3:x-amz-acl\":\"private\"}}",
            "s3:x-amz-acl",
            MISSING),
        cond(
            "StringNotEquals with another value",
            true,
            "{\"StringNotEquals\":{\"s3:x-amz-acl\":\"public-read\"}}",
            "s3:x-amz-acl",
            "private"),
        cond(
            "StringNotEquals with the value",
            false,
            "{\"StringNotEquals\":{\"s3:x-amz-acl\":\"public-read\"}}",
            "s3:x-amz-acl",
            "public-read"),
        cond(
            "StringNotEquals values are NORed",
            false,
            "{\"StringNotEquals\":{\"s3:x-amz-acl\":[\"public-read\",\"private\"]}}",
            "s3:x-amz-acl",
            "private"),
        cond(
            "StringNotEquals on a missing key is true",
            true,
            "{\"StringNotEquals\":{\"s3:x-amz-acl\":\"public-read\"}}",
            "s3:x-amz-acl",
            MISSING),
        cond(
            "StringEqualsIgnoreCase",
            true,
            "{\"StringEqualsIgnoreCase\":{\"aws:username\":\"BHARAT-PW\"}}",
            "ignored",
            MISSING),
        cond(
            "StringNotEqualsIgnoreCase with the value in other case",
            false,
            "{\"StringNotEqualsIgnoreCase\":{\"aws:username\":\"bharat-PW\"}}",
            "ignored",
            MISSING),
        cond(
            "StringNotEqualsIgnoreCase with another value",
            true,
            "{\"StringNotEqualsIgnoreCase\":{\"aws:username\":\"alice\"}}",
            "ignored",
            MISSING),
        cond(
            "StringLike with *",
            true,
            "{\"StringLike\":{\"aws:username\":\"Bharat*\"}}",
            "ignored",
            MISSING),
        cond(
            "StringLike with ?",
            true,
            "{\"StringLike\":{\"aws:username\":\"Bharat?pw\"}}",
            "ignored",
            MISSING),
        cond(
            "StringLike is case-sensitive",
            false,
            "{\"StringLike\":{\"aws:username\":\"bharat*\"}}",
            "ignored",
            MISSING),
        cond(
            "StringNotLike excluding the value",
            false,
            "{\"StringNotLike\":{\"aws:username\":\"*-pw\"}}",
            "ignored",
            MISSING),
        cond(
            "StringNotLike with another pattern",
            true,
            "{\"StringNotLike\":{\"aws:username\":\"admin*\"}}",
            "ignored",
            MISSING),
        cond(
            "StringNotLike on a missing key is true",
            true,
            "{\"StringNotLike\":{\"s3:prefix\":\"secret/*\"}}",
            "s3:prefix",
            MISSING),
        cond(
            "condition key names are case-insensitive",
            true,
            "{\"StringEquals\":{\"AWS:UserName\":\"Bharat-pw\"}}",
            "ignored",
            MISSING),
        cond(
            "condition values may be numbers in JSON",
            true,
            "{\"StringEquals\":{\"s3:max-keys\":10}}",
            "s3:max-keys",
            "10"));
  }

  static Stream<Arguments> numericConditions() {
    return Stream.of(
        cond(
            "NumericEquals",
            true,
            "{\"NumericEquals\":{\"s3:max-keys\":\"10\"}}",
            "s3:max-keys",
            "10"),
        cond(
            "NumericEquals compares numbers, not text",
            true,
            "{\"NumericEquals\":{\"s3:max-keys\":\"10\"}}",
            "s3:max-keys",
            "10.0"),
        cond(
            "NumericEquals different",
            false,
            "{\"NumericEquals\":{\"s3:max-keys\":\"10\"}}",
            "s3:max-keys",
            "11"),
        cond(
            "NumericNotEquals",
            true,
            "{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}",
            "s3:max-keys",
            "11"),
        cond(
            "NumericNotEquals same",
            false,
            "{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}",
            "s3:max-keys",
            "10"),
        cond(
            "NumericNotEquals missing key",
            true,
            "{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}",
            "s3:max-keys",
            MISSING),
        cond(
            "NumericLessThan below",
            true,
            "{\"NumericLessThan\":{\"s3:max-keys\":\"100\"}}",
            "s3:max-keys",
            "99"),
        cond(
            "NumericLessThan equal",
            false,
            "{\"NumericLessThan\":{\"s3:max-keys\":\"100\"}}",
            "s3:max-keys",
            "100"),
        cond(
            "NumericLessThanEquals equal",
            true,
            "{\"NumericLessThanEquals\":{\"s3:max-keys\":\"100\"}}",
            "s3:max-keys",
            "100"),
        cond(
            "NumericGreaterThan above",
            true,
            "{\"NumericGreaterThan\":{\"s3:max-keys\":\"5\"}}",
            "s3:max-keys",
            "6"),
        cond(
            "NumericGreaterThan equal",
            false,
            "{\"NumericGreaterThan\":{\"s3:max-keys\":\"5\"}}",
            "s3:max-keys",
            "5"),
        cond(
            "NumericGreaterThanEquals equal",
            true,
            "{\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"5\"}}",
            "s3:max-keys",
            "5"),
        cond(
            "NumericLessThan missing key is false",
            false,
            "{\"NumericLessThan\":{\"s3:max-keys\":\"100\"}}",
            "s3:max-keys",
            MISSING),
        cond(
            "Numeric on a non-number is false",
            false,
            "{\"NumericLessThan\":{\"s3:max-keys\":\"100\"}}",
            "s3:max-keys",
            "many"));
  }

  static Stream<Arguments> dateConditions() {
    String now = "aws:CurrentTime";
    return Stream.of(
        cond(
            "DateLessThan before",
            true,
            "{\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}",
            now,
            "2026-03-01T12:00:00Z"),
        cond(
            "DateLessThan after",
            false,
            "{\"DateLessThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}",
            now,
            "2026-03-01T12:00:00Z"),
        cond(
            "DateGreaterThan with a date-only value",
            true,
            "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-01-01\"}}",
            now,
            "2026-03-01T12:00:00Z"),
        cond(
            "DateEquals same instant in another offset",
            true,
            "{\"DateEquals\":{\"aws:CurrentTime\":\"2026-03-01T14:00:00+02:00\"}}",
            now,
            "2026-03-01T12:00:00Z"),
        cond(
            "DateNotEquals",
            true,
            "{\"DateNotEquals\":{\"aws:CurrentTime\":\"2026-03-01T12:00:01Z\"}}",
            now,
            "2026-03-01T12:00:00Z"),
        cond(
            "DateLessThanEquals equal",
            true,
            "{\"DateLessThanEquals\":{\"aws:CurrentTime\":\"2026-03-01T12:00:00Z\"}}",
            now,
            "2026-03-01T12:00:00Z"),
        cond(
            "DateGreaterThanEquals equal",
            true,
            "{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"2026-03-01T12:00:00Z\"}}",
            now,
            "2026-03-01T12:00:00Z"),
        cond(
            "Date policy value in epoch seconds",
            true,
            "{\"DateGreaterThan\":{\"aws:EpochTime\":\"1700000000\"}}",
            "aws:EpochTime",
            "1772366400"),
        cond(
            "Date epoch context against an ISO value",
            false,
            "{\"DateLessThan\":{\"aws:EpochTime\":\"2023-01-01T00:00:00Z\"}}",
            "aws:EpochTime",
            "1772366400"),
        cond(
            "Date with fractional seconds",
            true,
            "{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-03-01T12:00:00.500Z\"}}",
            now,
            "2026-03-01T12:00:00Z"),
        cond(
            "Date on a missing key is false",
            false,
            "{\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}",
            now,
            MISSING),
        cond(
            "DateNotEquals on a missing key is true",
            true,
            "{\"DateNotEquals\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}",
            now,
            MISSING));
  }

  static Stream<Arguments> boolBinaryAndIpConditions() {
    return Stream.of(
        cond(
            "Bool true",
            true,
            "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}",
            "aws:SecureTransport",
            "true"),
        cond(
            "Bool is case-insensitive",
            true,
            "{\"Bool\":{\"aws:SecureTransport\":true}}",
            "aws:SecureTransport",
            "TRUE"),
        cond(
            "Bool mismatch",
            false,
            "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}",
            "aws:SecureTransport",
            "false"),
        cond(
            "Bool on a missing key is false",
            false,
            "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}",
            "aws:MultiFactorAuthPresent",
            MISSING),
        cond(
            "BinaryEquals same bytes",
            true,
            "{\"BinaryEquals\":{\"kms:CiphertextBlob\":\"QmFzaW4=\"}}",
            "kms:CiphertextBlob",
            "QmFzaW4="),
        cond(
            "BinaryEquals other bytes",
            false,
            "{\"BinaryEquals\":{\"kms:CiphertextBlob\":\"QmFzaW4=\"}}",
            "kms:CiphertextBlob",
            "T3RoZXI="),
        cond(
            "IpAddress inside an IPv4 CIDR",
            true,
            "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}",
            "aws:SourceIp",
            "203.0.113.77"),
        cond(
            "IpAddress outside the CIDR",
            false,
            "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}",
            "aws:SourceIp",
            "203.0.114.1"),
        cond(
            "IpAddress values are ORed",
            true,
            "{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.168.1.0/24\"]}}",
            "aws:SourceIp",
            "192.168.1.9"),
        cond(
            "IpAddress single address without prefix",
            true,
            "{\"IpAddress\":{\"aws:SourceIp\":\"198.51.100.7\"}}",
            "aws:SourceIp",
            "198.51.100.7"),
        cond(
            "IpAddress /0 matches every IPv4",
            true,
            "{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}",
            "aws:SourceIp",
            "8.8.8.8"),
        cond(
            "IpAddress IPv6 CIDR",
            true,
            "{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8:1234::/48\"}}",
            "aws:SourceIp",
            "2001:db8:1234:ffff::1"),
        cond(
            "IpAddress IPv6 outside",
            false,
            "{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8:1234::/48\"}}",
            "aws:SourceIp",
            "2001:db8:1235::1"),
        cond(
            "IpAddress IPv4 value against an IPv6 CIDR",
            false,
            "{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}",
            "aws:SourceIp",
            "10.1.1.1"),
        cond(
            "IpAddress on a missing key is false",
            false,
            "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
            "aws:SourceIp",
            MISSING),
        cond(
            "IpAddress never resolves host names",
            false,
            "{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}",
            "aws:SourceIp",
            "localhost"),
        cond(
            "NotIpAddress outside",
            true,
            "{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
            "aws:SourceIp",
            "172.16.0.1"),
        cond(
            "NotIpAddress inside",
            false,
            "{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
            "aws:SourceIp",
            "10.20.30.40"),
        cond(
            "NotIpAddress on a missing key is true",
            true,
            "{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
            "aws:SourceIp",
            MISSING));
  }

  static Stream<Arguments> arnConditions() {
    String key = "aws:SourceArn";
    String fn = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:ingest";
    return Stream.of(
        cond(
            "ArnEquals exact", true, "{\"ArnEquals\":{\"aws:SourceArn\":\"" + fn + "\"}}", key, fn),
        cond(
            "ArnEquals other function",
            false,
            "{\"ArnEquals\":{\"aws:SourceArn\":\"" + fn + "\"}}",
            key,
            fn + "2"),
        cond(
            "ArnLike with wildcards per segment",
            true,
            "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:lambda:*:" + ACCOUNT + ":function:ing*\"}}",
            key,
            fn),
        cond(
            "ArnLike region wildcard does not cross segments",
            false,
            "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:lambda:*:function:ingest\"}}",
            key,
            fn),
        cond(
            "ArnNotEquals another ARN",
            true,
            "{\"ArnNotEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:" + ACCOUNT + ":t\"}}",
            key,
            fn),
        cond(
            "ArnNotLike matching",
            false,
            "{\"ArnNotLike\":{\"aws:SourceArn\":\"arn:aws:lambda:*:*:function:*\"}}",
            key,
            fn),
        cond(
            "ArnLike on a missing key is false",
            false,
            "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:lambda:*:*:*\"}}",
            key,
            MISSING),
        cond(
            "ArnNotLike on a missing key is true",
            true,
            "{\"ArnNotLike\":{\"aws:SourceArn\":\"arn:aws:lambda:*:*:*\"}}",
            key,
            MISSING),
        cond(
            "ArnEquals on aws:PrincipalArn of a user",
            true,
            "{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::"
                + ACCOUNT
                + ":user/Bharat-pw\"}}",
            "ignored",
            MISSING));
  }

  static Stream<Arguments> nullAndIfExists() {
    return Stream.of(
        cond(
            "Null true: key absent",
            true,
            "{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}",
            "aws:TokenIssueTime",
            MISSING),
        cond(
            "Null true: key present",
            false,
            "{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}",
            "aws:TokenIssueTime",
            "2026-01-01T00:00:00Z"),
        cond(
            "Null false: key present",
            true,
            "{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}",
            "aws:TokenIssueTime",
            "2026-01-01T00:00:00Z"),
        cond(
            "Null false: key absent",
            false,
            "{\"Null\":{\"aws:TokenIssueTime\":false}}",
            "aws:TokenIssueTime",
            MISSING),
        cond(
            "StringEqualsIfExists on a missing key is true",
            true,
            "{\"StringEqualsIfExists\":{\"ec2:InstanceType\":\"t3.micro\"}}",
            "ec2:InstanceType",
            MISSING),
        cond(
            "StringEqualsIfExists on a matching key",
            true,
            "{\"StringEqualsIfExists\":{\"ec2:InstanceType\":\"t3.micro\"}}",
            "ec2:InstanceType",
            "t3.micro"),
        cond(
            "StringEqualsIfExists on another value",
            false,
            "{\"StringEqualsIfExists\":{\"ec2:InstanceType\":\"t3.micro\"}}",
            "ec2:InstanceType",
            "m5.large"),
        cond(
            "NumericLessThanIfExists on a missing key",
            true,
            "{\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"}}",
            "s3:max-keys",
            MISSING),
        cond(
            "NumericLessThanIfExists on a large value",
            false,
            "{\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"}}",
            "s3:max-keys",
            "1000"),
        cond(
            "IpAddressIfExists on a missing key",
            true,
            "{\"IpAddressIfExists\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
            "aws:SourceIp",
            MISSING),
        cond(
            "BoolIfExists on a present false",
            false,
            "{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}",
            "aws:MultiFactorAuthPresent",
            "false"),
        cond(
            "StringNotEqualsIfExists on a present equal value",
            false,
            "{\"StringNotEqualsIfExists\":{\"s3:x-amz-acl\":\"public-read\"}}",
            "s3:x-amz-acl",
            "public-read"),
        cond(
            "an empty value list counts as missing",
            false,
            "{\"StringEquals\":{\"s3:x-amz-acl\":\"private\"}}",
            "s3:x-amz-acl"));
  }

  static Stream<Arguments> setOperators() {
    String tags = "aws:TagKeys";
    return Stream.of(
        cond(
            "ForAllValues: every value allowed",
            true,
            "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}",
            tags,
            "env",
            "team"),
        cond(
            "ForAllValues: one value not allowed",
            false,
            "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}",
            tags,
            "env",
            "cost"),
        cond(
            "ForAllValues: missing key is true",
            true,
            "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\"]}}",
            tags,
            MISSING),
        cond(
            "ForAllValues: empty set is true",
            true,
            "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\"]}}",
            tags),
        cond(
            "ForAllValues:StringLike",
            true,
            "{\"ForAllValues:StringLike\":{\"aws:TagKeys\":\"Created*\"}}",
            tags,
            "CreatedBy",
            "CreatedAt"),
        cond(
            "ForAllValues:StringNotEquals none forbidden",
            true,
            "{\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":[\"secret\"]}}",
            tags,
            "env",
            "team"),
        cond(
            "ForAllValues:StringNotEquals one forbidden",
            false,
            "{\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":[\"secret\"]}}",
            tags,
            "env",
            "secret"),
        cond(
            "ForAnyValue: one value allowed",
            true,
            "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\"]}}",
            tags,
            "cost",
            "env"),
        cond(
            "ForAnyValue: no value allowed",
            false,
            "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\"]}}",
            tags,
            "cost",
            "owner"),
        cond(
            "ForAnyValue: missing key is false",
            false,
            "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\"]}}",
            tags,
            MISSING),
        cond(
            "ForAnyValue:StringNotEquals some other value",
            true,
            "{\"ForAnyValue:StringNotEquals\":{\"aws:TagKeys\":[\"env\"]}}",
            tags,
            "env",
            "cost"),
        cond(
            "ForAnyValue:StringNotEquals only listed values",
            false,
            "{\"ForAnyValue:StringNotEquals\":{\"aws:TagKeys\":[\"env\"]}}",
            tags,
            "env"),
        cond(
            "ForAnyValue:StringNotEquals missing key is false",
            false,
            "{\"ForAnyValue:StringNotEquals\":{\"aws:TagKeys\":[\"env\"]}}",
            tags,
            MISSING),
        cond(
            "ForAnyValue:StringEqualsIfExists missing key",
            true,
            "{\"ForAnyValue:StringEqualsIfExists\":{\"aws:TagKeys\":[\"env\"]}}",
            tags,
            MISSING),
        cond(
            "ForAnyValue:StringLike",
            true,
            "{\"ForAnyValue:StringLike\":{\"aws:PrincipalOrgPaths\":\"o-a/r-ab/ou-1/*\"}}",
            "aws:PrincipalOrgPaths",
            "o-a/r-ab/ou-2/",
            "o-a/r-ab/ou-1/ou-9/"),
        cond(
            "single-valued operator on a multi-valued key matches any",
            true,
            "{\"StringEquals\":{\"aws:TagKeys\":\"env\"}}",
            tags,
            "cost",
            "env"),
        cond(
            "negated operator on a multi-valued key needs none to match",
            false,
            "{\"StringNotEquals\":{\"aws:TagKeys\":\"env\"}}",
            tags,
            "cost",
            "env"));
  }
}
