package dev.basin.server;

import static dev.basin.server.S3Testing.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedFileDownload;
import software.amazon.awssdk.transfer.s3.model.CompletedUpload;

/**
 * Multipart uploads through the AWS SDK for Java v2: each operation with the sync client, then a 20
 * MiB upload and download through the S3 transfer manager over the (CRT-free) async client.
 */
class S3MultipartIT {
  private static final String BUCKET = "multipart";
  private static final int MIB = 1024 * 1024;
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

  private static byte[] bytes(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static String create(String key) {
    return s3.createMultipartUpload(
            r ->
                r.bucket(BUCKET)
                    .key(key)
                    .contentType("application/x-test")
                    .storageClass(StorageClass.STANDARD_IA))
        .uploadId();
  }

  private static String uploadPart(String key, String uploadId, int number, byte[] data) {
    return s3.uploadPart(
            r -> r.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(number),
            RequestBody.fromBytes(data))
        .eTag();
  }

  private static CompletedPart part(int number, String etag) {
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  private static String md5Hex(byte[]... chunks) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    for (byte[] chunk : chunks) {
      md5.update(chunk);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  @Test
  void aCompletedUploadIsOneObjectWithAMultipartEtag() throws Exception {
    byte[] first = bytes(5 * MIB, 1);
    byte[] second = bytes(1234, 2);
    s3.putObject(r -> r.bucket(BUCKET).key("source"), RequestBody.fromBytes(bytes(6 * MIB, 3)));
    byte[] source = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("source")).asByteArray();

    String uploadId = create("big/object.bin");
    String etag1 = uploadPart("big/object.bin", uploadId, 1, first);
    assertThat(etag1).isEqualTo("\"" + md5Hex(first) + "\"");
    // part 2 copied from a range of another object
    var copied =
        s3.uploadPartCopy(
            r ->
                r.sourceBucket(BUCKET)
                    .sourceKey("source")
                    .copySourceRange("bytes=0-" + (5 * MIB - 1))
                    .destinationBucket(BUCKET)
                    .destinationKey("big/object.bin")
                    .uploadId(uploadId)
                    .partNumber(2));
    byte[] copiedBytes = Arrays.copyOfRange(source, 0, 5 * MIB);
    assertThat(copied.copyPartResult().eTag()).isEqualTo("\"" + md5Hex(copiedBytes) + "\"");
    String etag3 = uploadPart("big/object.bin", uploadId, 3, second);

    ListPartsResponse parts =
        s3.listParts(r -> r.bucket(BUCKET).key("big/object.bin").uploadId(uploadId));
    assertThat(parts.parts()).extracting(Part::partNumber).containsExactly(1, 2, 3);
    assertThat(parts.parts())
        .extracting(Part::size)
        .containsExactly((long) 5 * MIB, (long) 5 * MIB, 1234L);
    assertThat(parts.parts().get(0).eTag()).isEqualTo(etag1);
    assertThat(parts.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
    ListPartsResponse page =
        s3.listParts(r -> r.bucket(BUCKET).key("big/object.bin").uploadId(uploadId).maxParts(2));
    assertThat(page.isTruncated()).isTrue();
    assertThat(page.nextPartNumberMarker()).isEqualTo(2);
    assertThat(
            s3.listParts(
                    r ->
                        r.bucket(BUCKET)
                            .key("big/object.bin")
                            .uploadId(uploadId)
                            .partNumberMarker(2))
                .parts())
        .extracting(Part::partNumber)
        .containsExactly(3);

    ListMultipartUploadsResponse uploads = s3.listMultipartUploads(r -> r.bucket(BUCKET));
    assertThat(uploads.uploads())
        .filteredOn(u -> u.key().equals("big/object.bin"))
        .singleElement()
        .satisfies(u -> assertThat(u.uploadId()).isEqualTo(uploadId));
    // the object does not exist until completed
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("big/object.bin")), "NoSuchKey", 404);

    CompleteMultipartUploadResponse completed =
        s3.completeMultipartUpload(
            r ->
                r.bucket(BUCKET)
                    .key("big/object.bin")
                    .uploadId(uploadId)
                    .multipartUpload(
                        m ->
                            m.parts(
                                part(1, etag1),
                                part(2, copied.copyPartResult().eTag()),
                                part(3, etag3))));
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    md5.update(HexFormat.of().parseHex(md5Hex(first)));
    md5.update(HexFormat.of().parseHex(md5Hex(copiedBytes)));
    md5.update(HexFormat.of().parseHex(md5Hex(second)));
    String expectedEtag = "\"" + HexFormat.of().formatHex(md5.digest()) + "-3\"";
    assertThat(completed.eTag()).isEqualTo(expectedEtag);
    assertThat(completed.bucket()).isEqualTo(BUCKET);
    assertThat(completed.key()).isEqualTo("big/object.bin");

    HeadObjectResponse head = s3.headObject(r -> r.bucket(BUCKET).key("big/object.bin"));
    assertThat(head.eTag()).isEqualTo(expectedEtag);
    assertThat(head.contentLength()).isEqualTo(10L * MIB + 1234);
    assertThat(head.contentType()).isEqualTo("application/x-test");
    assertThat(head.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
    ResponseBytes<GetObjectResponse> whole =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("big/object.bin"));
    assertThat(md5Hex(whole.asByteArray())).isEqualTo(md5Hex(first, copiedBytes, second));
    // partNumber: each part as uploaded, 206 with its range and the parts count
    long total = 10L * MIB + 1234;
    byte[][] expected = {first, copiedBytes, second};
    long offset = 0;
    for (int n = 1; n <= 3; n++) {
      int number = n;
      ResponseBytes<GetObjectResponse> part =
          s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("big/object.bin").partNumber(number));
      assertThat(part.asByteArray()).isEqualTo(expected[n - 1]);
      assertThat(part.response().sdkHttpResponse().statusCode()).isEqualTo(206);
      assertThat(part.response().partsCount()).isEqualTo(3);
      assertThat(part.response().eTag()).isEqualTo(expectedEtag);
      assertThat(part.response().contentRange())
          .isEqualTo("bytes " + offset + "-" + (offset + expected[n - 1].length - 1) + "/" + total);
      HeadObjectResponse partHead =
          s3.headObject(r -> r.bucket(BUCKET).key("big/object.bin").partNumber(number));
      assertThat(partHead.sdkHttpResponse().statusCode()).isEqualTo(206);
      assertThat(partHead.contentLength()).isEqualTo(expected[n - 1].length);
      assertThat(partHead.partsCount()).isEqualTo(3);
      assertThat(partHead.contentRange()).isEqualTo(part.response().contentRange());
      offset += expected[n - 1].length;
    }
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("big/object.bin").partNumber(4)),
        "InvalidPartNumber",
        416);
    // a copy keeps the parts
    s3.copyObject(
        r ->
            r.sourceBucket(BUCKET)
                .sourceKey("big/object.bin")
                .destinationBucket(BUCKET)
                .destinationKey("big/copy.bin"));
    assertThat(
            s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("big/copy.bin").partNumber(3))
                .asByteArray())
        .isEqualTo(second);
    // an object from one PUT is one part
    ResponseBytes<GetObjectResponse> onePart =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("source").partNumber(1));
    assertThat(onePart.asByteArray()).isEqualTo(source);
    assertThat(onePart.response().sdkHttpResponse().statusCode()).isEqualTo(206);
    assertThat(onePart.response().contentRange())
        .isEqualTo("bytes 0-" + (6 * MIB - 1) + "/" + 6 * MIB);
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("source").partNumber(2)),
        "InvalidPartNumber",
        416);
    // the upload is gone
    assertS3Error(
        () -> s3.listParts(r -> r.bucket(BUCKET).key("big/object.bin").uploadId(uploadId)),
        "NoSuchUpload",
        404);
  }

  @Test
  void completeRefusesBadPartListsAndAbortEndsTheUpload() {
    String key = "bad/parts";
    String uploadId = create(key);
    byte[] small = bytes(1024, 4);
    String etag1 = uploadPart(key, uploadId, 1, small);
    String etag2 = uploadPart(key, uploadId, 2, small);
    // every part but the last must be at least 5 MiB
    assertS3Error(
        () -> complete(key, uploadId, part(1, etag1), part(2, etag2)), "EntityTooSmall", 400);
    // an ETag that is not the part's
    assertS3Error(
        () -> complete(key, uploadId, part(1, "\"00000000000000000000000000000000\"")),
        "InvalidPart",
        400);
    // a part never uploaded
    assertS3Error(() -> complete(key, uploadId, part(7, etag1)), "InvalidPart", 400);
    assertS3Error(
        () -> complete(key, uploadId, part(2, etag2), part(1, etag1)), "InvalidPartOrder", 400);
    assertS3Error(
        () ->
            s3.uploadPart(
                r -> r.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(10001),
                RequestBody.fromBytes(small)),
        "InvalidArgument",
        400);
    // the last part alone may be small
    complete(key, uploadId, part(1, etag1));
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key(key)).eTag()).endsWith("-1\"");

    String aborted = create("aborted");
    uploadPart("aborted", aborted, 1, small);
    s3.abortMultipartUpload(r -> r.bucket(BUCKET).key("aborted").uploadId(aborted));
    assertS3Error(
        () -> s3.listParts(r -> r.bucket(BUCKET).key("aborted").uploadId(aborted)),
        "NoSuchUpload",
        404);
    assertS3Error(() -> uploadPart("aborted", aborted, 2, small), "NoSuchUpload", 404);
    assertS3Error(() -> complete("aborted", aborted, part(1, etag1)), "NoSuchUpload", 404);
    assertS3Error(
        () -> s3.abortMultipartUpload(r -> r.bucket(BUCKET).key("aborted").uploadId("nope")),
        "NoSuchUpload",
        404);
    assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("aborted")).uploads())
        .isEmpty();
  }

  private static CompleteMultipartUploadResponse complete(
      String key, String uploadId, CompletedPart... parts) {
    return s3.completeMultipartUpload(
        r -> r.bucket(BUCKET).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
  }

  @Test
  void theTransferManagerUploadsAndDownloads20MiB() throws Exception {
    byte[] data = bytes(20 * MIB + 12345, 5);
    Path download = Files.createTempFile("basin-tm-", ".bin");
    try (S3AsyncClient async =
            S3AsyncClient.builder()
                .endpointOverride(basin.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .multipartEnabled(true)
                .multipartConfiguration(
                    c -> c.minimumPartSizeInBytes(8L * MIB).thresholdInBytes(8L * MIB))
                .build();
        S3TransferManager transfers = S3TransferManager.builder().s3Client(async).build()) {
      CompletedUpload upload =
          transfers
              .upload(
                  u ->
                      u.putObjectRequest(r -> r.bucket(BUCKET).key("tm/twenty.bin"))
                          .requestBody(AsyncRequestBody.fromBytes(data)))
              .completionFuture()
              .join();
      assertThat(upload.response().eTag()).matches("\"[0-9a-f]{32}-3\"");
      HeadObjectResponse head = s3.headObject(r -> r.bucket(BUCKET).key("tm/twenty.bin"));
      assertThat(head.contentLength()).isEqualTo(data.length);
      assertThat(head.eTag()).isEqualTo(upload.response().eTag());

      Files.delete(download);
      CompletedFileDownload downloaded =
          transfers
              .downloadFile(
                  d ->
                      d.getObjectRequest(r -> r.bucket(BUCKET).key("tm/twenty.bin"))
                          .destination(download))
              .completionFuture()
              .join();
      assertThat(downloaded.response().eTag()).isEqualTo(upload.response().eTag());
      assertThat(Files.size(download)).isEqualTo(data.length);
      assertThat(md5Hex(Files.readAllBytes(download))).isEqualTo(md5Hex(data));
    } finally {
      Files.deleteIfExists(download);
    }
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("tm/"))
        .contents()
        .forEach(o -> keys.add(o.key()));
    assertThat(keys).containsExactly("tm/twenty.bin");
    assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("tm/")).uploads()).isEmpty();
  }
}
