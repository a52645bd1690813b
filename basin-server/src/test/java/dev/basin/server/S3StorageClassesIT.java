package dev.basin.server;

import static dev.basin.server.S3Testing.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.OptionalObjectAttributes;
import software.amazon.awssdk.services.s3.model.RestoreObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * Storage classes and restores through the AWS SDK for Java v2, against a Basin on its test clock
 * ({@code --test-clock}) so a Standard restore's hours pass in an HTTP call.
 */
class S3StorageClassesIT {
  private static final String BUCKET = "classes";
  private static RunningBasin basin;
  private static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start("--test-clock");
    s3 = S3Testing.pathStyle(basin);
    s3.createBucket(r -> r.bucket(BUCKET));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    basin.close();
  }

  private static void advanceHours(int hours) throws Exception {
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

  @Test
  void putAndCopyKeepTheStorageClassTheyAreGiven() {
    for (StorageClass storageClass :
        new StorageClass[] {
          StorageClass.STANDARD_IA,
          StorageClass.ONEZONE_IA,
          StorageClass.INTELLIGENT_TIERING,
          StorageClass.GLACIER_IR,
          StorageClass.GLACIER,
          StorageClass.DEEP_ARCHIVE
        }) {
      String key = "class/" + storageClass;
      s3.putObject(
          r -> r.bucket(BUCKET).key(key).storageClass(storageClass), RequestBody.fromString(key));
      assertThat(s3.headObject(r -> r.bucket(BUCKET).key(key)).storageClass())
          .isEqualTo(storageClass);
    }
    s3.putObject(r -> r.bucket(BUCKET).key("class/default"), RequestBody.fromString("d"));
    assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("class/")).contents())
        .extracting(o -> o.key() + "=" + o.storageClassAsString())
        .containsExactly(
            "class/DEEP_ARCHIVE=DEEP_ARCHIVE",
            "class/GLACIER=GLACIER",
            "class/GLACIER_IR=GLACIER_IR",
            "class/INTELLIGENT_TIERING=INTELLIGENT_TIERING",
            "class/ONEZONE_IA=ONEZONE_IA",
            "class/STANDARD_IA=STANDARD_IA",
            "class/default=STANDARD");
    // a copy can change the class, also in place
    s3.copyObject(
        r ->
            r.sourceBucket(BUCKET)
                .sourceKey("class/default")
                .destinationBucket(BUCKET)
                .destinationKey("class/default")
                .storageClass(StorageClass.STANDARD_IA));
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("class/default")).storageClass())
        .isEqualTo(StorageClass.STANDARD_IA);
    s3.copyObject(
        r ->
            r.sourceBucket(BUCKET)
                .sourceKey("class/STANDARD_IA")
                .destinationBucket(BUCKET)
                .destinationKey("class/copied-to-glacier")
                .storageClass(StorageClass.GLACIER));
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("class/copied-to-glacier")).storageClass())
        .isEqualTo(StorageClass.GLACIER);
    assertS3Error(
        () ->
            s3.putObject(
                r -> r.bucket(BUCKET).key("class/bad").storageClass("FROZEN"),
                RequestBody.fromString("x")),
        "InvalidStorageClass",
        400);
  }

  @Test
  void anArchivedObjectIsReadableOnlyWhileRestored() throws Exception {
    s3.putObject(
        r -> r.bucket(BUCKET).key("archive/report.csv").storageClass(StorageClass.GLACIER),
        RequestBody.fromString("a,b\n1,2\n"));
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("archive/report.csv")),
        "InvalidObjectState",
        403);
    // HEAD works and says nothing about a restore yet
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("archive/report.csv")).restore()).isNull();
    // nor can it be copied
    assertS3Error(
        () ->
            s3.copyObject(
                r ->
                    r.sourceBucket(BUCKET)
                        .sourceKey("archive/report.csv")
                        .destinationBucket(BUCKET)
                        .destinationKey("archive/copy.csv")),
        "InvalidObjectState",
        403);

    RestoreObjectResponse started =
        s3.restoreObject(
            r ->
                r.bucket(BUCKET)
                    .key("archive/report.csv")
                    .restoreRequest(
                        q -> q.days(2).glacierJobParameters(g -> g.tier(Tier.STANDARD))));
    assertThat(started.sdkHttpResponse().statusCode()).isEqualTo(202);
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("archive/report.csv")).restore())
        .isEqualTo("ongoing-request=\"true\"");
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("archive/report.csv")),
        "InvalidObjectState",
        403);
    assertS3Error(
        () ->
            s3.restoreObject(
                r -> r.bucket(BUCKET).key("archive/report.csv").restoreRequest(q -> q.days(2))),
        "RestoreAlreadyInProgress",
        409);
    S3Object listedOngoing =
        s3.listObjectsV2(
                r ->
                    r.bucket(BUCKET)
                        .prefix("archive/report.csv")
                        .optionalObjectAttributes(OptionalObjectAttributes.RESTORE_STATUS))
            .contents()
            .get(0);
    assertThat(listedOngoing.restoreStatus().isRestoreInProgress()).isTrue();

    advanceHours(6); // a Standard restore from GLACIER takes 3-5 hours
    HeadObjectResponse restored = s3.headObject(r -> r.bucket(BUCKET).key("archive/report.csv"));
    assertThat(restored.storageClass()).isEqualTo(StorageClass.GLACIER);
    assertThat(restored.restore()).startsWith("ongoing-request=\"false\", expiry-date=\"");
    String expiry =
        restored
            .restore()
            .substring(restored.restore().indexOf("expiry-date=\"") + 13)
            .replace("\"", "");
    Instant expiryDate =
        ZonedDateTime.parse(expiry, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    assertThat(expiryDate.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay()).isZero();
    Instant now = Instant.parse(clockNow());
    assertThat(expiryDate)
        .isAfter(now.plus(1, ChronoUnit.DAYS))
        .isBefore(now.plus(4, ChronoUnit.DAYS));
    assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("archive/report.csv")).asUtf8String())
        .isEqualTo("a,b\n1,2\n");
    assertThat(
            s3.listObjectsV2(
                    r ->
                        r.bucket(BUCKET)
                            .prefix("archive/report.csv")
                            .optionalObjectAttributes(OptionalObjectAttributes.RESTORE_STATUS))
                .contents()
                .get(0)
                .restoreStatus()
                .isRestoreInProgress())
        .isFalse();
    // a restore of a restored copy only moves the expiry: 200
    RestoreObjectResponse again =
        s3.restoreObject(
            r -> r.bucket(BUCKET).key("archive/report.csv").restoreRequest(q -> q.days(5)));
    assertThat(again.sdkHttpResponse().statusCode()).isEqualTo(200);

    advanceHours(24 * 8); // past the expiry: archived again
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("archive/report.csv")),
        "InvalidObjectState",
        403);
  }

  @Test
  void onlyArchivedObjectsCanBeRestored() {
    s3.putObject(r -> r.bucket(BUCKET).key("warm"), RequestBody.fromString("w"));
    assertS3Error(
        () -> s3.restoreObject(r -> r.bucket(BUCKET).key("warm").restoreRequest(q -> q.days(1))),
        "InvalidObjectState",
        403);
    assertS3Error(
        () -> s3.restoreObject(r -> r.bucket(BUCKET).key("missing").restoreRequest(q -> q.days(1))),
        "NoSuchKey",
        404);
  }

  private static String clockNow() throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(basin.endpoint().resolve("/_basin/clock")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    int start = body.indexOf("\"now\":\"") + 7;
    return body.substring(start, body.indexOf('"', start));
  }
}
