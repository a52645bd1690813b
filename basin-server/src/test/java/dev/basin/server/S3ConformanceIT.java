package dev.basin.server;

import static dev.basin.server.S3Testing.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * Regressions found by running the ceph/s3-tests conformance suite against Basin: behaviours real
 * S3 has that the suite (and SDK paginators) rely on. Raw signed requests are used where the SDK
 * would not put the exact query on the wire.
 */
class S3ConformanceIT {
  private static RunningBasin basin;
  private static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    s3 = S3Testing.pathStyle(basin);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
    basin.close();
  }

  private static void put(String bucket, String... keys) {
    for (String key : keys) {
      s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(key));
    }
  }

  /** An empty {@code delimiter=} is no delimiter: no Delimiter element, no CommonPrefixes. */
  @Test
  void anEmptyDelimiterIsNoDelimiter() throws Exception {
    s3.createBucket(r -> r.bucket("empty-delimiter"));
    put("empty-delimiter", "a/b", "c");
    for (String query :
        new String[] {"?delimiter=", "?list-type=2&delimiter=", "?versions&delimiter="}) {
      HttpResponse<String> response =
          S3Testing.signed(basin, "GET", "/empty-delimiter" + query, null, Map.of());
      assertThat(response.statusCode()).as(query).isEqualTo(200);
      assertThat(response.body())
          .as(query)
          .doesNotContain("<Delimiter>")
          .doesNotContain("<Delimiter/>");
      assertThat(response.body())
          .as(query)
          .doesNotContain("<CommonPrefixes>")
          .contains("<Key>a/b</Key>");
    }
    HttpResponse<String> slash =
        S3Testing.signed(basin, "GET", "/empty-delimiter?delimiter=%2F", null, Map.of());
    assertThat(slash.body()).contains("<Delimiter>/</Delimiter>").contains("<Prefix>a/</Prefix>");
  }

  /**
   * Empty {@code key-marker=} and {@code version-id-marker=} (what boto3 paginators send) start at
   * the beginning instead of failing as an invalid version id; a real bad marker still fails.
   */
  @Test
  void emptyVersionMarkersStartAtTheBeginning() throws Exception {
    s3.createBucket(r -> r.bucket("empty-markers"));
    s3.putBucketVersioning(
        r ->
            r.bucket("empty-markers")
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    put("empty-markers", "k1", "k2");
    HttpResponse<String> response =
        S3Testing.signed(
            basin,
            "GET",
            "/empty-markers?versions&key-marker=&version-id-marker=&max-keys=128",
            null,
            Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<Key>k1</Key>").contains("<Key>k2</Key>");
    ListObjectVersionsResponse listed =
        s3.listObjectVersions(r -> r.bucket("empty-markers").keyMarker("").versionIdMarker(""));
    assertThat(listed.versions()).hasSize(2);
    HttpResponse<String> bad =
        S3Testing.signed(
            basin,
            "GET",
            "/empty-markers?versions&key-marker=k1&version-id-marker=not-a-version",
            null,
            Map.of());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("<Code>InvalidArgument</Code>");
  }

  /**
   * Re-creating a bucket you own answers 200 in us-east-1 (and resets its ACL), as AWS documents
   * for legacy compatibility; in any other region it stays BucketAlreadyOwnedByYou (409).
   */
  @Test
  void recreatingAnOwnBucketSucceedsOnlyInUsEast1() {
    s3.createBucket(r -> r.bucket("recreated").acl(BucketCannedACL.PUBLIC_READ));
    assertThat(s3.getBucketAcl(r -> r.bucket("recreated")).grants()).hasSize(2);
    s3.createBucket(r -> r.bucket("recreated"));
    assertThat(s3.getBucketAcl(r -> r.bucket("recreated")).grants()).hasSize(1);
    try (S3Client west = S3Testing.pathStyle(basin, Region.EU_WEST_1)) {
      west.createBucket(
          r ->
              r.bucket("recreated-west")
                  .createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
      assertS3Error(
          () ->
              west.createBucket(
                  r ->
                      r.bucket("recreated-west")
                          .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))),
          "BucketAlreadyOwnedByYou",
          409);
    }
  }
}
