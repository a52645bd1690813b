package dev.basin.server;

import static dev.basin.server.S3Testing.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Versioning through the AWS SDK for Java v2: the bucket state, version ids, reads and deletes by
 * version, delete markers, the listing of versions with its markers, and the "null" version.
 */
class S3VersioningIT {
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

  private static String put(String bucket, String key, String body) {
    return s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body)).versionId();
  }

  private static String get(String bucket, String key, String versionId) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
  }

  private static void versioning(String bucket, BucketVersioningStatus status) {
    s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(c -> c.status(status)));
  }

  @Test
  void theBucketStateRoundTrips() {
    s3.createBucket(r -> r.bucket("state"));
    assertThat(s3.getBucketVersioning(r -> r.bucket("state")).status()).isNull();
    versioning("state", BucketVersioningStatus.ENABLED);
    assertThat(s3.getBucketVersioning(r -> r.bucket("state")).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    versioning("state", BucketVersioningStatus.SUSPENDED);
    assertThat(s3.getBucketVersioning(r -> r.bucket("state")).status())
        .isEqualTo(BucketVersioningStatus.SUSPENDED);
    assertS3Error(
        () ->
            s3.putBucketVersioning(
                r -> r.bucket("state").versioningConfiguration(c -> c.status("Sometimes"))),
        "MalformedXML",
        400);
    assertS3Error(
        () -> s3.getBucketVersioning(r -> r.bucket("no-such-versioned")), "NoSuchBucket", 404);
  }

  @Test
  void versionsAreKeptReadAndDeletedById() {
    s3.createBucket(r -> r.bucket("versions"));
    assertThat(put("versions", "pre", "before versioning")).isNull();
    versioning("versions", BucketVersioningStatus.ENABLED);
    String v1 = put("versions", "doc", "one");
    String v2 = put("versions", "doc", "two");
    assertThat(v1).isNotBlank().isNotEqualTo("null").isNotEqualTo(v2);
    assertThat(get("versions", "doc", null)).isEqualTo("two");
    assertThat(get("versions", "doc", v1)).isEqualTo("one");
    assertThat(s3.getObject(r -> r.bucket("versions").key("doc")).response().versionId())
        .isEqualTo(v2);
    assertThat(s3.headObject(r -> r.bucket("versions").key("doc").versionId(v1)).versionId())
        .isEqualTo(v1);
    // an object from before versioning is the "null" version
    assertThat(s3.headObject(r -> r.bucket("versions").key("pre")).versionId()).isEqualTo("null");
    assertThat(get("versions", "pre", "null")).isEqualTo("before versioning");

    // a plain delete adds a marker
    DeleteObjectResponse marker = s3.deleteObject(r -> r.bucket("versions").key("doc"));
    assertThat(marker.deleteMarker()).isTrue();
    assertThat(marker.versionId()).isNotBlank().isNotIn(v1, v2);
    assertThatThrownBy(() -> get("versions", "doc", null))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(
                      e.awsErrorDetails()
                          .sdkHttpResponse()
                          .firstMatchingHeader("x-amz-delete-marker"))
                  .contains("true");
              assertThat(
                      e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-version-id"))
                  .contains(marker.versionId());
            });
    // GET of the marker by id: 405 MethodNotAllowed
    assertS3Error(() -> get("versions", "doc", marker.versionId()), "MethodNotAllowed", 405);
    assertThat(get("versions", "doc", v2)).isEqualTo("two");
    // a version id that is not one S3 could have made is InvalidArgument, as at AWS
    assertS3Error(() -> get("versions", "doc", "no-such-version-id"), "InvalidArgument", 400);

    // deleting the marker by id brings the object back
    DeleteObjectResponse undelete =
        s3.deleteObject(r -> r.bucket("versions").key("doc").versionId(marker.versionId()));
    assertThat(undelete.deleteMarker()).isTrue();
    assertThat(undelete.versionId()).isEqualTo(marker.versionId());
    assertThat(get("versions", "doc", null)).isEqualTo("two");
    // deleting a version by id removes it for good
    DeleteObjectResponse gone = s3.deleteObject(r -> r.bucket("versions").key("doc").versionId(v2));
    assertThat(gone.deleteMarker()).isNull();
    assertThat(gone.versionId()).isEqualTo(v2);
    assertThat(get("versions", "doc", null)).isEqualTo("one");
    assertS3Error(() -> get("versions", "doc", v2), "NoSuchVersion", 404);

    // DeleteObjects reports markers and version deletes
    DeleteObjectsResponse batch =
        s3.deleteObjects(
            r ->
                r.bucket("versions")
                    .delete(
                        d ->
                            d.objects(
                                ObjectIdentifier.builder().key("doc").build(),
                                ObjectIdentifier.builder().key("pre").versionId("null").build())));
    assertThat(batch.deleted()).hasSize(2);
    assertThat(batch.deleted())
        .filteredOn(d -> d.key().equals("doc"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.deleteMarker()).isTrue();
              assertThat(d.deleteMarkerVersionId()).isNotBlank();
            });
    assertThat(batch.deleted())
        .filteredOn(d -> d.key().equals("pre"))
        .singleElement()
        .satisfies(d -> assertThat(d.versionId()).isEqualTo("null"));
  }

  @Test
  void listObjectVersionsPagesWithKeyAndVersionIdMarkers() {
    s3.createBucket(r -> r.bucket("listed"));
    versioning("listed", BucketVersioningStatus.ENABLED);
    List<String> aVersions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      aVersions.add(put("listed", "a", "a" + i));
    }
    String b = put("listed", "b", "b0");
    String bMarker = s3.deleteObject(r -> r.bucket("listed").key("b")).versionId();
    put("listed", "dir/c", "c0");

    ListObjectVersionsResponse all = s3.listObjectVersions(r -> r.bucket("listed"));
    assertThat(all.versions())
        .extracting(v -> v.key() + ":" + v.versionId())
        .containsExactly(
            "a:" + aVersions.get(2),
            "a:" + aVersions.get(1),
            "a:" + aVersions.get(0),
            "b:" + b,
            "dir/c:" + all.versions().get(4).versionId());
    assertThat(all.versions())
        .extracting(ObjectVersion::isLatest)
        .containsExactly(true, false, false, false, true);
    assertThat(all.versions().get(0).size()).isEqualTo(2);
    assertThat(all.versions().get(0).eTag()).startsWith("\"");
    assertThat(all.versions().get(0).storageClassAsString()).isEqualTo("STANDARD");
    assertThat(all.deleteMarkers())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.key()).isEqualTo("b");
              assertThat(m.versionId()).isEqualTo(bMarker);
              assertThat(m.isLatest()).isTrue();
              assertThat(m.owner().id()).hasSize(64);
            });
    assertThat(all.isTruncated()).isFalse();

    // pages of two entries, markers and versions interleaved in key then newest-first order
    List<String> seen = new ArrayList<>();
    String keyMarker = null;
    String versionMarker = null;
    int pages = 0;
    while (true) {
      String km = keyMarker;
      String vm = versionMarker;
      ListObjectVersionsResponse page =
          s3.listObjectVersions(
              r -> r.bucket("listed").maxKeys(2).keyMarker(km).versionIdMarker(vm));
      pages++;
      page.versions().forEach(v -> seen.add(v.key() + ":" + v.versionId()));
      page.deleteMarkers().forEach(m -> seen.add(m.key() + ":" + m.versionId()));
      assertThat(page.versions().size() + page.deleteMarkers().size()).isLessThanOrEqualTo(2);
      if (!page.isTruncated()) {
        break;
      }
      keyMarker = page.nextKeyMarker();
      versionMarker = page.nextVersionIdMarker();
      assertThat(keyMarker).isNotNull();
    }
    assertThat(pages).isEqualTo(3);
    List<String> expected = new ArrayList<>();
    all.versions().forEach(v -> expected.add(v.key() + ":" + v.versionId()));
    all.deleteMarkers().forEach(m -> expected.add(m.key() + ":" + m.versionId()));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected).hasSize(6);

    ListObjectVersionsResponse delimited =
        s3.listObjectVersions(r -> r.bucket("listed").delimiter("/"));
    assertThat(delimited.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("dir/");
    assertThat(delimited.versions()).extracting(ObjectVersion::key).doesNotContain("dir/c");
    assertThat(s3.listObjectVersions(r -> r.bucket("listed").prefix("b")).deleteMarkers())
        .extracting(DeleteMarkerEntry::versionId)
        .containsExactly(bMarker);
    assertS3Error(
        () -> s3.listObjectVersions(r -> r.bucket("listed").versionIdMarker(aVersions.get(0))),
        "InvalidArgument",
        400);
    // ListObjectsV2 shows only the latest live versions
    assertThat(s3.listObjectsV2(r -> r.bucket("listed")).contents())
        .extracting(o -> o.key())
        .containsExactly("a", "dir/c");
  }

  @Test
  void aSuspendedBucketWritesTheNullVersion() {
    s3.createBucket(r -> r.bucket("suspended"));
    versioning("suspended", BucketVersioningStatus.ENABLED);
    String kept = put("suspended", "k", "versioned");
    versioning("suspended", BucketVersioningStatus.SUSPENDED);
    assertThat(put("suspended", "k", "null one")).isEqualTo("null");
    assertThat(put("suspended", "k", "null two")).isEqualTo("null");
    ListObjectVersionsResponse versions = s3.listObjectVersions(r -> r.bucket("suspended"));
    assertThat(versions.versions())
        .extracting(v -> v.versionId() + "/" + v.isLatest())
        .containsExactly("null/true", kept + "/false");
    assertThat(get("suspended", "k", "null")).isEqualTo("null two");
    assertThat(get("suspended", "k", kept)).isEqualTo("versioned");
    // a delete while suspended writes a null delete marker, replacing the null version
    DeleteObjectResponse deleted = s3.deleteObject(r -> r.bucket("suspended").key("k"));
    assertThat(deleted.deleteMarker()).isTrue();
    assertThat(deleted.versionId()).isEqualTo("null");
    ListObjectVersionsResponse after = s3.listObjectVersions(r -> r.bucket("suspended"));
    assertThat(after.versions()).extracting(ObjectVersion::versionId).containsExactly(kept);
    assertThat(after.deleteMarkers())
        .extracting(DeleteMarkerEntry::versionId)
        .containsExactly("null");
    assertS3Error(() -> get("suspended", "k", null), "NoSuchKey", 404);
  }
}
