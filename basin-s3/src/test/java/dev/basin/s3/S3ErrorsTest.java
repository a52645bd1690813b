package dev.basin.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.protocol.AwsException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class S3ErrorsTest {

  static Stream<Arguments> errors() {
    return Stream.of(
        row(
            () -> S3Errors.noSuchBucket("b"),
            "NoSuchBucket",
            404,
            "The specified bucket does not exist",
            Map.of("BucketName", "b")),
        row(
            () -> S3Errors.noSuchKey("k"),
            "NoSuchKey",
            404,
            "The specified key does not exist.",
            Map.of("Key", "k")),
        row(
            () -> S3Errors.noSuchVersion("k", "v1"),
            "NoSuchVersion",
            404,
            "The specified version does not exist.",
            Map.of("Key", "k", "VersionId", "v1")),
        row(() -> S3Errors.noSuchUpload("u"), "NoSuchUpload", 404, null, Map.of("UploadId", "u")),
        row(
            () -> S3Errors.bucketAlreadyExists("b"),
            "BucketAlreadyExists",
            409,
            null,
            Map.of("BucketName", "b")),
        row(
            () -> S3Errors.bucketAlreadyOwnedByYou("b"),
            "BucketAlreadyOwnedByYou",
            409,
            null,
            Map.of("BucketName", "b")),
        row(
            () -> S3Errors.bucketNotEmpty("b"),
            "BucketNotEmpty",
            409,
            "The bucket you tried to delete is not empty",
            Map.of("BucketName", "b")),
        row(
            () -> S3Errors.invalidRange("bytes=9-", 5),
            "InvalidRange",
            416,
            "The requested range is not satisfiable",
            Map.of("RangeRequested", "bytes=9-", "ActualObjectSize", 5L)),
        row(
            () -> S3Errors.preconditionFailed("If-Match"),
            "PreconditionFailed",
            412,
            "At least one of the pre-conditions you specified did not hold",
            Map.of("Condition", "If-Match")),
        row(S3Errors::notModified, "NotModified", 304, null, Map.of()),
        row(
            () -> S3Errors.invalidObjectState("GLACIER"),
            "InvalidObjectState",
            403,
            null,
            Map.of("StorageClass", "GLACIER")),
        row(
            S3Errors::malformedXml,
            "MalformedXML",
            400,
            "The XML you provided was not well-formed or did not validate against our published schema",
            Map.of()),
        row(
            () -> S3Errors.entityTooSmall(10, 5242880),
            "EntityTooSmall",
            400,
            null,
            Map.of("ProposedSize", 10L, "MinSizeAllowed", 5242880L)),
        row(
            () -> S3Errors.entityTooLarge(10, 5),
            "EntityTooLarge",
            400,
            null,
            Map.of("ProposedSize", 10L, "MaxSizeAllowed", 5L)),
        row(
            () -> S3Errors.invalidPart("u", 2, "e"),
            "InvalidPart",
            400,
            null,
            Map.of("UploadId", "u", "PartNumber", 2, "ETag", "e")),
        row(
            () -> S3Errors.invalidPartOrder("u"),
            "InvalidPartOrder",
            400,
            null,
            Map.of("UploadId", "u")),
        row(
            () -> S3Errors.badDigest("a", "b"),
            "BadDigest",
            400,
            null,
            Map.of("ExpectedDigest", "a", "CalculatedDigest", "b")),
        row(
            () -> S3Errors.invalidDigest("x"),
            "InvalidDigest",
            400,
            null,
            Map.of("Content-MD5", "x")),
        row(
            () -> S3Errors.invalidArgument("m", "N", "V"),
            "InvalidArgument",
            400,
            "m",
            Map.of("ArgumentName", "N", "ArgumentValue", "V")),
        row(() -> S3Errors.invalidArgument("m", null, null), "InvalidArgument", 400, "m", Map.of()),
        row(() -> S3Errors.invalidRequest("m"), "InvalidRequest", 400, "m", Map.of()),
        row(
            () -> S3Errors.invalidStorageClass("X"),
            "InvalidStorageClass",
            400,
            null,
            Map.of("StorageClassRequested", "X")),
        row(
            () -> S3Errors.noSuchLifecycleConfiguration("b"),
            "NoSuchLifecycleConfiguration",
            404,
            "The lifecycle configuration does not exist",
            Map.of("BucketName", "b")),
        row(
            () -> S3Errors.noSuchBucketPolicy("b"),
            "NoSuchBucketPolicy",
            404,
            null,
            Map.of("BucketName", "b")),
        row(() -> S3Errors.noSuchTagSet("b"), "NoSuchTagSet", 404, null, Map.of("BucketName", "b")),
        row(
            () -> S3Errors.noSuchCorsConfiguration("b"),
            "NoSuchCORSConfiguration",
            404,
            null,
            Map.of("BucketName", "b")),
        row(
            () -> S3Errors.serverSideEncryptionConfigurationNotFound("b"),
            "ServerSideEncryptionConfigurationNotFoundError",
            404,
            null,
            Map.of("BucketName", "b")),
        row(
            () -> S3Errors.objectLockConfigurationNotFound("b"),
            "ObjectLockConfigurationNotFoundError",
            404,
            null,
            Map.of("BucketName", "b")),
        row(
            () -> S3Errors.methodNotAllowed("PUT", "OBJECT"),
            "MethodNotAllowed",
            405,
            null,
            Map.of("Method", "PUT", "ResourceType", "OBJECT")),
        row(
            () -> S3Errors.notImplemented("If-None-Match"),
            "NotImplemented",
            501,
            null,
            Map.of("Header", "If-None-Match")),
        row(
            () -> S3Errors.keyTooLong(1025),
            "KeyTooLongError",
            400,
            null,
            Map.of("MaxSizeAllowed", 1024, "Size", 1025)),
        row(
            () -> S3Errors.metadataTooLarge(3000),
            "MetadataTooLarge",
            400,
            null,
            Map.of("Size", 3000, "MaxSizeAllowed", 2048)),
        row(() -> S3Errors.invalidTag("m"), "InvalidTag", 400, "m", Map.of()),
        row(S3Errors::restoreAlreadyInProgress, "RestoreAlreadyInProgress", 409, null, Map.of()),
        row(
            () -> S3Errors.invalidLocationConstraint("mars-1"),
            "InvalidLocationConstraint",
            400,
            null,
            Map.of("LocationConstraint", "mars-1")),
        row(
            () -> S3Errors.illegalLocationConstraint("eu-west-1"),
            "IllegalLocationConstraintException",
            400,
            "The eu-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.",
            Map.of()),
        row(
            () -> S3Errors.illegalLocationConstraint(null),
            "IllegalLocationConstraintException",
            400,
            "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
            Map.of()),
        row(S3Errors::accessDenied, "AccessDenied", 403, "Access Denied", Map.of()),
        row(
            () -> S3Errors.invalidPartNumber(3, 2),
            "InvalidPartNumber",
            416,
            null,
            Map.of("PartNumberRequested", 3, "ActualPartCount", 2)),
        row(S3Errors::internalError, "InternalError", 500, null, Map.of()));
  }

  private static Arguments row(
      Supplier<AwsException> factory,
      String code,
      int status,
      String message,
      Map<String, Object> fields) {
    return Arguments.of(factory, code, status, message, fields);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("errors")
  void carriesCodeStatusMessageAndFields(
      Supplier<AwsException> factory,
      String code,
      int status,
      String message,
      Map<String, Object> fields) {
    AwsException e = factory.get();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.senderFault()).isEqualTo(status < 500);
    assertThat(e.getMessage()).isNotBlank();
    if (message != null) {
      assertThat(e.getMessage()).isEqualTo(message);
    }
    assertThat(e.fields()).containsExactlyInAnyOrderEntriesOf(fields);
  }

  @Test
  void everyCallIsANewException() {
    AwsException a = S3Errors.noSuchBucket("a");
    a.with("Extra", "x");
    assertThat(S3Errors.noSuchBucket("a").fields()).doesNotContainKey("Extra");
  }
}
