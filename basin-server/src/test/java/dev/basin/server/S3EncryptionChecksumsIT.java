package dev.basin.server;

import static dev.basin.server.S3Testing.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.auth.Checksums;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** HEAD with Range, CRC64NVME checksums and server-side encryption headers, through the SDK. */
class S3EncryptionChecksumsIT {
  private static final String BUCKET = "headers";
  private static RunningBasin basin;
  private static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    s3 = S3Testing.pathStyle(basin);
    s3.createBucket(r -> r.bucket(BUCKET));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    basin.close();
  }

  @Test
  void headWithRangeAnswers206WithContentRange() {
    s3.putObject(r -> r.bucket(BUCKET).key("ten"), RequestBody.fromString("0123456789"));
    HeadObjectResponse head = s3.headObject(r -> r.bucket(BUCKET).key("ten").range("bytes=2-5"));
    assertThat(head.sdkHttpResponse().statusCode()).isEqualTo(206);
    assertThat(head.contentRange()).isEqualTo("bytes 2-5/10");
    assertThat(head.contentLength()).isEqualTo(4);
    HeadObjectResponse whole = s3.headObject(r -> r.bucket(BUCKET).key("ten"));
    assertThat(whole.sdkHttpResponse().statusCode()).isEqualTo(200);
    assertThat(whole.contentRange()).isNull();
    assertThat(whole.contentLength()).isEqualTo(10);
    S3Testing.assertS3Status(
        () -> s3.headObject(r -> r.bucket(BUCKET).key("ten").range("bytes=20-30")), 416);
  }

  @Test
  void crc64NvmeIsComputedStoredAndReturned() {
    byte[] data = "the quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
    // The SDK computes CRC64NVME only with the native CRT, which is not on this classpath (and
    // with both checksumAlgorithm and a value it announces a trailer in a stream that has none):
    // the value is given, and Basin recomputes it from the bytes.
    String crc = Checksums.base64(Checksums.Algorithm.CRC64NVME, data);
    PutObjectResponse put =
        s3.putObject(
            r -> r.bucket(BUCKET).key("crc64").checksumCRC64NVME(crc), RequestBody.fromBytes(data));
    assertThat(put.checksumCRC64NVME()).isEqualTo(crc);
    assertThat(put.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
    HeadObjectResponse head =
        s3.headObject(r -> r.bucket(BUCKET).key("crc64").checksumMode(ChecksumMode.ENABLED));
    assertThat(head.checksumCRC64NVME()).isEqualTo(crc);
    assertThat(head.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
    ResponseBytes<GetObjectResponse> get =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("crc64").checksumMode(ChecksumMode.ENABLED));
    assertThat(get.asByteArray()).isEqualTo(data);
    assertThat(get.response().checksumCRC64NVME()).isEqualTo(crc);
    // a value that is not the body's
    String wrong = Checksums.base64(Checksums.Algorithm.CRC64NVME, new byte[] {1});
    assertS3Error(
        () ->
            s3.putObject(
                r -> r.bucket(BUCKET).key("crc64-bad").checksumCRC64NVME(wrong),
                RequestBody.fromBytes(data)),
        "BadDigest",
        400);
  }

  @Test
  void sseS3IsReportedOnEveryWriteAndRead() {
    PutObjectResponse put =
        s3.putObject(
            r -> r.bucket(BUCKET).key("sse").serverSideEncryption(ServerSideEncryption.AES256),
            RequestBody.fromString("secret"));
    assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    PutObjectResponse implicit =
        s3.putObject(r -> r.bucket(BUCKET).key("sse-default"), RequestBody.fromString("x"));
    assertThat(implicit.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("sse")).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AES256);
    assertThat(
            s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("sse")).response().serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AES256);
    assertThat(
            s3.copyObject(
                    r ->
                        r.sourceBucket(BUCKET)
                            .sourceKey("sse")
                            .destinationBucket(BUCKET)
                            .destinationKey("sse-copy"))
                .serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AES256);
    var created = s3.createMultipartUpload(r -> r.bucket(BUCKET).key("sse-mp"));
    assertThat(created.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    var part =
        s3.uploadPart(
            r -> r.bucket(BUCKET).key("sse-mp").uploadId(created.uploadId()).partNumber(1),
            RequestBody.fromString("part"));
    assertThat(part.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    var completed =
        s3.completeMultipartUpload(
            r ->
                r.bucket(BUCKET)
                    .key("sse-mp")
                    .uploadId(created.uploadId())
                    .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part.eTag()))));
    assertThat(completed.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
  }

  @Test
  void keysBasinDoesNotHoldAreRefusedNamingTheHeader() throws Exception {
    assertS3Error(
        () ->
            s3.putObject(
                r -> r.bucket(BUCKET).key("kms").serverSideEncryption(ServerSideEncryption.AWS_KMS),
                RequestBody.fromString("x")),
        "NotImplemented",
        501);
    assertS3Error(
        () ->
            s3.createMultipartUpload(
                r ->
                    r.bucket(BUCKET)
                        .key("dsse")
                        .serverSideEncryption(ServerSideEncryption.AWS_KMS_DSSE)),
        "NotImplemented",
        501);
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    HttpResponse<String> ssec =
        S3Testing.signed(
            basin,
            "PUT",
            "/" + BUCKET + "/ssec",
            "x",
            Map.of(
                "x-amz-server-side-encryption-customer-algorithm",
                "AES256",
                "x-amz-server-side-encryption-customer-key",
                key,
                "x-amz-server-side-encryption-customer-key-MD5",
                S3Testing.contentMd5("k")));
    assertThat(ssec.statusCode()).isEqualTo(501);
    assertThat(ssec.body())
        .contains("<Code>NotImplemented</Code>")
        .contains("<Header>x-amz-server-side-encryption-customer-algorithm</Header>");
    HttpResponse<String> copy =
        S3Testing.signed(
            basin,
            "PUT",
            "/" + BUCKET + "/copy-kms",
            null,
            Map.of(
                "x-amz-copy-source",
                "/" + BUCKET + "/ten",
                "x-amz-server-side-encryption",
                "aws:kms"));
    assertThat(copy.statusCode()).isEqualTo(501);
    assertThat(copy.body()).contains("<Header>x-amz-server-side-encryption</Header>");
    // nothing was stored
    S3Testing.assertS3Status(() -> s3.headObject(r -> r.bucket(BUCKET).key("kms")), 404);
    HttpResponse<String> unknown =
        S3Testing.signed(
            basin,
            "PUT",
            "/" + BUCKET + "/odd",
            "x",
            Map.of("x-amz-server-side-encryption", "ROT13"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("<Code>InvalidArgument</Code>");
  }
}
