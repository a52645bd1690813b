package dev.basin.s3.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.clock.TestClock;
import dev.basin.core.storage.BlobDigest;
import dev.basin.s3.store.S3Store.CompletedPart;
import dev.basin.s3.store.S3Store.DeleteResult;
import dev.basin.s3.store.S3Store.ListUploadsQuery;
import dev.basin.s3.store.S3Store.ListVersionsQuery;
import dev.basin.s3.store.S3Store.MultipartUpload;
import dev.basin.s3.store.S3Store.ObjectListing;
import dev.basin.s3.store.S3Store.PartListing;
import dev.basin.s3.store.S3Store.UploadListing;
import dev.basin.s3.store.S3Store.WriteResult;
import dev.basin.s3.store.S3StoreException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@link S3Store}, on {@link SqliteS3Store}. */
class TestSqliteS3Store {

  private static final String ME = "111111111111";
  private static final String OTHER = "222222222222";
  private static final int THRESHOLD = 1024; // small, so that tests exercise both kinds cheaply

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-02T03:04:05Z"));
  private SqliteS3Store store;

  @BeforeEach
  void open() {
    store = open(SqliteS3Store.Options.DEFAULT.withInlineThreshold(THRESHOLD));
  }

  private SqliteS3Store open(SqliteS3Store.Options options) {
    return SqliteS3Store.open(dir.resolve("s3"), clock, options);
  }

  @AfterEach
  void close() {
    store.close();
  }

  // ---------------------------------------------------------------- buckets

  @Test
  void bucketsAreCreatedOnceListedByNameAndDeletedWhenEmpty() {
    Bucket b = store.createBucket("zeta", "eu-west-1", ME);
    store.createBucket("alpha", "us-east-1", OTHER);
    assertThat(b)
        .isEqualTo(new Bucket("zeta", "eu-west-1", ME, clock.now(), VersioningState.UNVERSIONED));
    assertThat(store.bucket("zeta")).contains(b);
    assertThat(store.bucket("nope")).isEmpty();
    assertThat(store.listBuckets()).extracting(Bucket::name).containsExactly("alpha", "zeta");
    assertReason(
        () -> store.createBucket("zeta", "us-east-1", ME), Reason.BUCKET_ALREADY_OWNED_BY_YOU);
    assertReason(
        () -> store.createBucket("zeta", "us-east-1", OTHER), Reason.BUCKET_ALREADY_EXISTS);
    store.deleteBucket("zeta");
    assertThat(store.bucket("zeta")).isEmpty();
    assertReason(() -> store.deleteBucket("zeta"), Reason.NO_SUCH_BUCKET);
    assertReason(() -> put("zeta", "k", "x"), Reason.NO_SUCH_BUCKET);
    assertReason(() -> store.head("zeta", "k", null), Reason.NO_SUCH_BUCKET);
  }

  @Test
  void aBucketWithAnObjectADeleteMarkerOrAnUploadIsNotEmpty() {
    store.createBucket("b", "us-east-1", ME);
    put("b", "k", "x");
    assertReason(() -> store.deleteBucket("b"), Reason.BUCKET_NOT_EMPTY);
    store.setVersioning("b", VersioningState.ENABLED);
    store.delete("b", "k", "null");
    store.delete("b", "k", null); // only a delete marker now
    assertThat(store.listObjects("b", objects("", null, null, 10)).objects()).isEmpty();
    assertReason(() -> store.deleteBucket("b"), Reason.BUCKET_NOT_EMPTY);
    String marker = store.head("b", "k", null).versionId();
    store.delete("b", "k", marker);
    MultipartUpload u = store.createUpload("b", "m", ObjectAttributes.of(ME));
    assertReason(() -> store.deleteBucket("b"), Reason.BUCKET_NOT_EMPTY);
    store.abortUpload("b", "m", u.uploadId());
    store.deleteBucket("b");
  }

  @Test
  void versioningCannotReturnToUnversioned() {
    store.createBucket("b", "us-east-1", ME);
    assertThat(store.setVersioning("b", VersioningState.ENABLED).versioning())
        .isEqualTo(VersioningState.ENABLED);
    assertThat(store.bucket("b").orElseThrow().versioning()).isEqualTo(VersioningState.ENABLED);
    assertThatThrownBy(() -> store.setVersioning("b", VersioningState.UNVERSIONED))
        .isInstanceOf(IllegalArgumentException.class);
    assertReason(() -> store.setVersioning("x", VersioningState.ENABLED), Reason.NO_SUCH_BUCKET);
  }

  @Test
  void configurationDocumentsByKindGoWithTheBucket() {
    store.createBucket("b", "us-east-1", ME);
    assertThat(store.getConfig("b", "policy")).isEmpty();
    store.putConfig("b", "policy", "{\"Version\":\"2012-10-17\"}");
    store.putConfig("b", "policy", "{\"v\":2}");
    store.putConfig("b", "cors", "<CORSConfiguration/>");
    store.putConfig("b", "inventory/weekly", "<a/>");
    store.putConfig("b", "inventory/daily", "<b/>");
    assertThat(store.getConfig("b", "policy")).contains("{\"v\":2}");
    assertThat(store.listConfigKinds("b", "inventory/"))
        .containsExactly("inventory/daily", "inventory/weekly");
    assertThat(store.deleteConfig("b", "cors")).isTrue();
    assertThat(store.deleteConfig("b", "cors")).isFalse();
    assertThat(store.getConfig("b", "cors")).isEmpty();
    assertReason(() -> store.getConfig("x", "policy"), Reason.NO_SUCH_BUCKET);
    store.deleteBucket("b");
    store.createBucket("b", "us-east-1", ME);
    assertThat(store.getConfig("b", "policy")).isEmpty();
  }

  // ---------------------------------------------------------------- objects, unversioned

  @Test
  void unversionedPutReplacesTheNullVersionAndDeleteRemovesIt() {
    store.createBucket("b", "us-east-1", ME);
    WriteResult w1 = put("b", "k", "first");
    assertThat(w1.versioning()).isEqualTo(VersioningState.UNVERSIONED);
    assertThat(w1.version().versionId()).isEqualTo("null");
    assertThat(w1.version().etag()).isEqualTo(md5("first"));
    assertThat(w1.version().size()).isEqualTo(5);
    assertThat(w1.version().latest()).isTrue();
    clock.advance(Duration.ofSeconds(5));
    WriteResult w2 = put("b", "k", "second");
    assertThat(w2.version().lastModified()).isEqualTo(clock.now());
    assertThat(read("b", "k", null)).isEqualTo("second");
    assertThat(read("b", "k", "null")).isEqualTo("second");
    assertThat(versions("b")).extracting(ObjectVersion::versionId).containsExactly("null");
    DeleteResult d = store.delete("b", "k", null);
    assertThat(d)
        .isEqualTo(new S3Store.DeleteResult(null, false, true, VersioningState.UNVERSIONED));
    assertReason(() -> store.head("b", "k", null), Reason.NO_SUCH_KEY);
    assertReason(() -> store.get("b", "k", null), Reason.NO_SUCH_KEY);
    assertThat(store.delete("b", "k", null).removed()).isFalse(); // S3: 204 anyway
    assertThat(versions("b")).isEmpty();
    assertReason(() -> store.head("b", "k", VersionIds.encode(12345)), Reason.NO_SUCH_VERSION);
    assertReason(() -> store.head("b", "k", "not-an-id"), Reason.INVALID_ARGUMENT);
  }

  @Test
  void replacingABlobObjectDeletesItsFile() {
    store.createBucket("b", "us-east-1", ME);
    put("b", "k", "x".repeat(5000));
    assertThat(blobFiles()).hasSize(1);
    put("b", "k", "y".repeat(5000));
    assertThat(blobFiles()).hasSize(1);
    assertThat(read("b", "k", null)).isEqualTo("y".repeat(5000));
    store.delete("b", "k", null);
    assertThat(blobFiles()).isEmpty();
  }

  // ---------------------------------------------------------------- versioning

  @Test
  void enabledVersioningAddsVersionsAndDeleteMarkers() {
    store.createBucket("b", "us-east-1", ME);
    store.setVersioning("b", VersioningState.ENABLED);
    ObjectVersion v1 = put("b", "k", "one").version();
    ObjectVersion v2 = put("b", "k", "two".repeat(1000)).version();
    assertThat(v1.versionId()).isNotEqualTo("null").isNotEqualTo(v2.versionId());
    assertThat(v1.versionId()).isLessThan(v2.versionId()); // sortable by recency
    assertThat(read("b", "k", null)).isEqualTo("two".repeat(1000));
    assertThat(read("b", "k", v1.versionId())).isEqualTo("one");
    assertThat(store.head("b", "k", v1.versionId()).latest()).isFalse();

    DeleteResult d = store.delete("b", "k", null);
    assertThat(d.deleteMarker()).isTrue();
    assertThat(d.removed()).isFalse();
    ObjectVersion marker = store.head("b", "k", null);
    assertThat(marker.deleteMarker()).isTrue();
    assertThat(marker.versionId()).isEqualTo(d.versionId());
    assertReason(() -> store.get("b", "k", null), Reason.NO_SUCH_KEY);
    assertReason(() -> store.get("b", "k", d.versionId()), Reason.METHOD_NOT_ALLOWED);
    assertThat(store.listObjects("b", objects("", null, null, 10)).objects()).isEmpty();
    assertThat(versions("b"))
        .extracting(ObjectVersion::versionId, ObjectVersion::latest, ObjectVersion::deleteMarker)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(d.versionId(), true, true),
            org.assertj.core.groups.Tuple.tuple(v2.versionId(), false, false),
            org.assertj.core.groups.Tuple.tuple(v1.versionId(), false, false));

    DeleteResult undelete = store.delete("b", "k", d.versionId());
    assertThat(undelete)
        .isEqualTo(new DeleteResult(d.versionId(), true, true, VersioningState.ENABLED));
    assertThat(store.head("b", "k", null).versionId()).isEqualTo(v2.versionId());
    assertThat(store.delete("b", "k", v2.versionId()).deleteMarker()).isFalse();
    assertThat(blobFiles()).isEmpty(); // v2's blob went with it
    assertThat(store.head("b", "k", null).versionId()).isEqualTo(v1.versionId());
    assertThat(store.head("b", "k", null).latest()).isTrue();
    assertThat(store.delete("b", "k", v2.versionId()).removed()).isFalse();
    assertThat(store.delete("b", "nothing", null).deleteMarker()).isTrue(); // S3 does this too
  }

  @Test
  void nullVersionSurvivesEnablingAndSuspendingReplacesOnlyIt() {
    store.createBucket("b", "us-east-1", ME);
    put("b", "k", "old");
    store.setVersioning("b", VersioningState.ENABLED);
    ObjectVersion v1 = put("b", "k", "v1").version();
    assertThat(read("b", "k", "null")).isEqualTo("old");
    store.setVersioning("b", VersioningState.SUSPENDED);
    WriteResult s = put("b", "k", "suspended");
    assertThat(s.version().versionId()).isEqualTo("null");
    assertThat(s.versioning()).isEqualTo(VersioningState.SUSPENDED);
    assertThat(versions("b"))
        .extracting(ObjectVersion::versionId)
        .containsExactly("null", v1.versionId());
    assertThat(read("b", "k", "null")).isEqualTo("suspended");
    assertThat(read("b", "k", v1.versionId())).isEqualTo("v1");

    DeleteResult d = store.delete("b", "k", null);
    assertThat(d).isEqualTo(new DeleteResult("null", true, false, VersioningState.SUSPENDED));
    assertThat(versions("b"))
        .extracting(ObjectVersion::versionId, ObjectVersion::deleteMarker)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("null", true),
            org.assertj.core.groups.Tuple.tuple(v1.versionId(), false));
    store.setVersioning("b", VersioningState.ENABLED);
    ObjectVersion v2 = put("b", "k", "v2").version();
    assertThat(versions("b"))
        .extracting(ObjectVersion::versionId)
        .containsExactly(v2.versionId(), "null", v1.versionId());
    store.delete("b", "k", "null");
    assertThat(versions("b"))
        .extracting(ObjectVersion::versionId)
        .containsExactly(v2.versionId(), v1.versionId());
  }

  // ---------------------------------------------------------------- attributes, copy, update

  @Test
  void attributesRoundTrip() {
    store.createBucket("b", "us-east-1", ME);
    ObjectAttributes a =
        new ObjectAttributes(
            OTHER,
            "STANDARD_IA",
            new ContentHeaders(
                "text/plain",
                "gzip",
                "attachment; filename=\"a:b\"",
                "de",
                "no-cache",
                "Wed, 21 Oct 2015 07:28:00 GMT"),
            Map.of("colour", "blue:green~1", "empty", ""),
            Map.of("team", "s3", "k:2", "v~"),
            new ObjectChecksum(
                ObjectChecksum.Algorithm.CRC32C, "yZRlqg==", ObjectChecksum.Type.FULL_OBJECT));
    try (StagedBody body = store.stage(bytes("hello"), Set.of())) {
      store.putObject("b", "dir/ü😀", body, a);
    }
    ObjectVersion v = store.head("b", "dir/ü😀", null);
    assertThat(v.attributes()).isEqualTo(a);
    assertThat(v.restore()).isNull();
    assertThat(v.partsCount()).isZero();
    assertThat(v.inline()).isTrue();
  }

  @Test
  void stagingComputesDigestsAndChoosesInlineByTheThreshold() throws Exception {
    byte[] small = random(THRESHOLD);
    byte[] large = random(THRESHOLD + 1);
    try (StagedBody s =
        store.stage(
            new ByteArrayInputStream(small), Set.of(BlobDigest.SHA_256, BlobDigest.CRC32C))) {
      assertThat(s.isInline()).isTrue();
      assertThat(s.length()).isEqualTo(THRESHOLD);
      assertThat(s.md5Hex()).isEqualTo(hex("MD5", small));
      assertThat(s.hex(BlobDigest.SHA_256)).contains(hex("SHA-256", small));
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(small);
      assertThat(s.hex(BlobDigest.CRC32C)).contains(String.format("%08x", crc.getValue()));
    }
    StagedBody l = store.stage(new ByteArrayInputStream(large), Set.of(BlobDigest.SHA_256));
    assertThat(l.isInline()).isFalse();
    assertThat(l.md5Hex()).isEqualTo(hex("MD5", large));
    assertThat(l.hex(BlobDigest.SHA_256)).contains(hex("SHA-256", large));
    assertThat(blobFiles()).hasSize(1);
    l.close(); // not stored: discarded
    assertThat(blobFiles()).isEmpty();

    store.createBucket("b", "us-east-1", ME);
    StagedBody stored = store.stage(large, Set.of());
    store.putObject("b", "k", stored, ObjectAttributes.of(ME));
    stored.close();
    assertThat(blobFiles()).hasSize(1);
    assertThatThrownBy(() -> store.putObject("b", "k2", stored, ObjectAttributes.of(ME)))
        .isInstanceOf(IllegalStateException.class);
    try (ObjectRead r = store.get("b", "k", null)) {
      assertThat(r.content()).isInstanceOf(ObjectContent.File.class);
      assertThat(contentOf(r.content())).isEqualTo(large);
    }
  }

  @Test
  void copySharesBlobsUntilTheLastVersionGoes() {
    store.createBucket("src", "us-east-1", ME);
    store.createBucket("dst", "us-east-1", ME);
    String big = "B".repeat(4000);
    put("src", "big", big);
    put("src", "small", "s");
    WriteResult c =
        store.copyObject("src", "big", null, "dst", "copy", a -> a.withTags(Map.of("t", "1")));
    store.copyObject("src", "small", null, "dst", "small", a -> a);
    assertThat(c.version().etag()).isEqualTo(md5(big));
    assertThat(c.version().attributes().tags()).containsEntry("t", "1");
    assertThat(blobFiles()).hasSize(1); // shared
    store.delete("src", "big", null);
    store.delete("src", "small", null);
    assertThat(blobFiles()).hasSize(1);
    assertThat(read("dst", "copy", null)).isEqualTo(big);
    assertThat(read("dst", "small", null)).isEqualTo("s");
    // Copy onto itself (metadata REPLACE): the blob must stay.
    store.copyObject("dst", "copy", null, "dst", "copy", a -> a.withStorageClass("GLACIER"));
    assertThat(read("dst", "copy", null)).isEqualTo(big);
    assertThat(store.head("dst", "copy", null).attributes().storageClass()).isEqualTo("GLACIER");
    store.delete("dst", "copy", null);
    assertThat(blobFiles()).isEmpty();
    assertReason(
        () -> store.copyObject("src", "big", null, "dst", "x", a -> a), Reason.NO_SUCH_KEY);
    assertReason(
        () -> store.copyObject("src", "small", null, "nope", "x", a -> a), Reason.NO_SUCH_KEY);
    put("src", "small", "s");
    assertReason(
        () -> store.copyObject("src", "small", null, "nope", "x", a -> a), Reason.NO_SUCH_BUCKET);
  }

  @Test
  void updateChangesTagsStorageClassAndRestoreInPlace() {
    store.createBucket("b", "us-east-1", ME);
    store.setVersioning("b", VersioningState.ENABLED);
    ObjectVersion v1 = put("b", "k", "one").version();
    ObjectVersion v2 = put("b", "k", "two").version();
    Instant expiry = Instant.parse("2026-02-01T00:00:00Z");
    ObjectVersion u =
        store.updateObject(
            "b",
            "k",
            v1.versionId(),
            x ->
                new S3Store.VersionUpdate(
                    x.attributes().withTags(Map.of("a", "b")).withStorageClass("GLACIER"),
                    new RestoreState(false, expiry)));
    ObjectVersion h = store.head("b", "k", v1.versionId());
    assertThat(h).isEqualTo(u);
    assertThat(h.attributes().tags()).isEqualTo(Map.of("a", "b"));
    assertThat(h.attributes().storageClass()).isEqualTo("GLACIER");
    assertThat(h.restore()).isEqualTo(new RestoreState(false, expiry));
    assertThat(h.etag()).isEqualTo(v1.etag());
    assertThat(store.head("b", "k", null).versionId()).isEqualTo(v2.versionId());
    assertThat(store.head("b", "k", null).attributes().tags()).isEmpty();
    store.delete("b", "k", null);
    assertReason(() -> store.updateObject("b", "k", null, x -> x), Reason.NO_SUCH_KEY);
    String marker = store.head("b", "k", null).versionId();
    assertReason(() -> store.updateObject("b", "k", marker, x -> x), Reason.METHOD_NOT_ALLOWED);
  }

  // ---------------------------------------------------------------- multipart

  @Test
  void multipartCompletesWithTheMd5OfMd5sAndConcatenatedBytes() throws Exception {
    store.createBucket("b", "us-east-1", ME);
    ObjectAttributes attrs =
        ObjectAttributes.of(ME).withHeaders(ContentHeaders.ofType("video/mp4"));
    MultipartUpload u = store.createUpload("b", "movie", attrs);
    byte[] p1 = random((int) S3Store.MIN_PART_SIZE);
    byte[] p2 = random((int) S3Store.MIN_PART_SIZE + 17);
    byte[] p3 = random(100); // the last may be small (and is inline here)
    assertThat(putPart(u, 2, p2).etag()).isEqualTo(hex("MD5", p2));
    putPart(u, 1, random(10)); // replaced below
    putPart(u, 1, p1);
    putPart(u, 3, p3);
    PartListing page1 = store.listParts("b", "movie", u.uploadId(), 0, 2);
    assertThat(page1.parts()).extracting(S3Store.UploadPart::partNumber).containsExactly(1, 2);
    assertThat(page1.truncated()).isTrue();
    PartListing page2 =
        store.listParts("b", "movie", u.uploadId(), page1.nextPartNumberMarker(), 2);
    assertThat(page2.parts()).extracting(S3Store.UploadPart::size).containsExactly(100L);
    assertThat(page2.truncated()).isFalse();

    List<CompletedPart> ok =
        List.of(
            new CompletedPart(1, '"' + hex("MD5", p1) + '"'),
            new CompletedPart(2, hex("MD5", p2).toUpperCase()),
            new CompletedPart(3, hex("MD5", p3)));
    assertReason(
        () -> complete(u, List.of(ok.get(1), ok.get(0), ok.get(2))), Reason.INVALID_PART_ORDER);
    assertReason(() -> complete(u, List.of(ok.get(0), ok.get(0))), Reason.INVALID_PART_ORDER);
    assertReason(
        () -> complete(u, List.of(ok.get(0), new CompletedPart(2, hex("MD5", p1)))),
        Reason.INVALID_PART);
    assertReason(
        () -> complete(u, List.of(ok.get(0), new CompletedPart(4, hex("MD5", p1)))),
        Reason.INVALID_PART);
    assertReason(() -> complete(u, List.of()), Reason.INVALID_PART);
    assertReason(
        () -> complete(u, List.of(ok.get(2), new CompletedPart(4, "x"))), Reason.INVALID_PART);
    assertReason(
        () -> store.completeUpload("b", "other", u.uploadId(), ok, null), Reason.NO_SUCH_UPLOAD);

    // The parts survive a restart.
    store.close();
    store = open(SqliteS3Store.Options.DEFAULT.withInlineThreshold(THRESHOLD));
    assertThat(store.recovery().orphansDeleted()).isZero();
    assertThat(store.upload("b", "movie", u.uploadId())).isEqualTo(u);

    WriteResult w = complete(u, ok);
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    for (byte[] p : List.of(p1, p2, p3)) {
      md5.update(MessageDigest.getInstance("MD5").digest(p));
    }
    String expected = HexFormat.of().formatHex(md5.digest()) + "-3";
    assertThat(w.version().etag()).isEqualTo(expected);
    assertThat(w.version().partsCount()).isEqualTo(3);
    assertThat(w.version().size()).isEqualTo(p1.length + p2.length + p3.length);
    assertThat(w.version().attributes().headers().contentType()).isEqualTo("video/mp4");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(p1);
    all.write(p2);
    all.write(p3);
    try (ObjectRead r = store.get("b", "movie", null)) {
      assertThat(contentOf(r.content())).isEqualTo(all.toByteArray());
    }
    assertThat(blobFiles()).hasSize(1); // parts deleted
    assertReason(() -> store.upload("b", "movie", u.uploadId()), Reason.NO_SUCH_UPLOAD);
    assertReason(() -> putPart(u, 4, p3), Reason.NO_SUCH_UPLOAD);
  }

  @Test
  void aSmallPartBeforeTheLastIsEntityTooSmall() {
    store.createBucket("b", "us-east-1", ME);
    MultipartUpload u = store.createUpload("b", "k", ObjectAttributes.of(ME));
    byte[] small = random((int) S3Store.MIN_PART_SIZE - 1);
    putPart(u, 1, small);
    putPart(u, 2, random(10));
    assertReason(
        () ->
            complete(
                u,
                List.of(
                    new CompletedPart(1, hex("MD5", small)),
                    new CompletedPart(2, hex("MD5", random(10))))),
        Reason.INVALID_PART);
    // Only part 1, the last: allowed however small.
    WriteResult w = complete(u, List.of(new CompletedPart(1, hex("MD5", small))));
    assertThat(w.version().size()).isEqualTo(small.length);

    MultipartUpload u2 = store.createUpload("b", "k2", ObjectAttributes.of(ME));
    byte[] p2 = random(10);
    putPart(u2, 1, small);
    putPart(u2, 2, p2);
    assertReason(
        () ->
            complete(
                u2,
                List.of(
                    new CompletedPart(1, hex("MD5", small)), new CompletedPart(2, hex("MD5", p2)))),
        Reason.ENTITY_TOO_SMALL);
    assertReason(() -> putPart(u2, 0, p2), Reason.INVALID_ARGUMENT);
    assertReason(() -> putPart(u2, 10_001, p2), Reason.INVALID_ARGUMENT);
    store.abortUpload("b", "k2", u2.uploadId());
    assertReason(() -> store.abortUpload("b", "k2", u2.uploadId()), Reason.NO_SUCH_UPLOAD);
    assertThat(blobFiles()).hasSize(1); // only the completed object
  }

  @Test
  void uploadsAreListedByKeyThenInitiationWithPrefixesAndMarkers() {
    store.createBucket("b", "us-east-1", ME);
    List<String> ids = new ArrayList<>();
    for (String key : List.of("a/1", "a/2", "b", "b", "c")) {
      ids.add(store.createUpload("b", key, ObjectAttributes.of(ME)).uploadId());
      clock.advance(Duration.ofSeconds(1));
    }
    UploadListing all = store.listUploads("b", new ListUploadsQuery("", "/", null, null, 1000));
    assertThat(all.commonPrefixes()).containsExactly("a/");
    assertThat(all.uploads())
        .extracting(MultipartUpload::uploadId)
        .containsExactly(ids.get(2), ids.get(3), ids.get(4));
    UploadListing p1 = store.listUploads("b", new ListUploadsQuery("", null, null, null, 3));
    assertThat(p1.uploads()).extracting(MultipartUpload::key).containsExactly("a/1", "a/2", "b");
    assertThat(p1.truncated()).isTrue();
    UploadListing p2 =
        store.listUploads(
            "b", new ListUploadsQuery("", null, p1.nextKeyMarker(), p1.nextUploadIdMarker(), 3));
    assertThat(p2.uploads())
        .extracting(MultipartUpload::uploadId)
        .containsExactly(ids.get(3), ids.get(4));
    assertThat(p2.truncated()).isFalse();
    UploadListing afterB = store.listUploads("b", new ListUploadsQuery("", null, "b", null, 10));
    assertThat(afterB.uploads()).extracting(MultipartUpload::key).containsExactly("c");
  }

  // ---------------------------------------------------------------- recovery

  @Test
  void reopeningRemovesBlobsNoVersionReferences() {
    store.createBucket("b", "us-east-1", ME);
    put("b", "kept", "k".repeat(5000));
    StagedBody abandoned = store.stage(random(5000), Set.of()); // a crash before its metadata
    assertThat(abandoned.isInline()).isFalse();
    assertThat(blobFiles()).hasSize(2);
    store.close();
    store = open(SqliteS3Store.Options.DEFAULT.withInlineThreshold(THRESHOLD));
    assertThat(store.recovery().orphansDeleted()).isEqualTo(1);
    assertThat(store.recovery().blobsKept()).isEqualTo(1);
    assertThat(read("b", "kept", null)).isEqualTo("k".repeat(5000));
    // Version ids stay increasing across restarts, even if the clock went back.
    store.setVersioning("b", VersioningState.ENABLED);
    String before = put("b", "v", "1").version().versionId();
    store.close();
    store =
        SqliteS3Store.open(
            dir.resolve("s3"),
            new TestClock(Instant.parse("2020-01-01T00:00:00Z")),
            SqliteS3Store.Options.DEFAULT.withInlineThreshold(THRESHOLD));
    assertThat(put("b", "v", "2").version().versionId()).isGreaterThan(before);
    assertThat(read("b", "v", null)).isEqualTo("2");
  }

  // ---------------------------------------------------------------- helpers

  private ObjectListing listAll(String bucket) {
    return store.listObjects(bucket, objects("", null, null, 1000));
  }

  static S3Store.ListObjectsQuery objects(String prefix, String delimiter, String marker, int max) {
    return new S3Store.ListObjectsQuery(prefix, delimiter, marker, max);
  }

  private List<ObjectVersion> versions(String bucket) {
    return store.listVersions(bucket, new ListVersionsQuery("", null, null, null, 1000)).versions();
  }

  private WriteResult put(String bucket, String key, String content) {
    try (StagedBody body = store.stage(bytes(content), Set.of())) {
      return store.putObject(bucket, key, body, ObjectAttributes.of(ME));
    }
  }

  private S3Store.UploadPart putPart(MultipartUpload u, int number, byte[] content) {
    try (StagedBody body = store.stage(content, Set.of())) {
      return store.putPart(u.bucket(), u.key(), u.uploadId(), number, body, null);
    }
  }

  private WriteResult complete(MultipartUpload u, List<CompletedPart> parts) {
    return store.completeUpload(u.bucket(), u.key(), u.uploadId(), parts, null);
  }

  private String read(String bucket, String key, String versionId) {
    try (ObjectRead r = store.get(bucket, key, versionId)) {
      assertThat(r.content().length()).isEqualTo(r.version().size());
      return new String(contentOf(r.content()), StandardCharsets.UTF_8);
    }
  }

  static byte[] contentOf(ObjectContent content) {
    if (content instanceof ObjectContent.Inline i) {
      return i.bytes();
    }
    ObjectContent.File f = (ObjectContent.File) content;
    try {
      ByteBuffer buf = ByteBuffer.allocate((int) f.length());
      while (buf.hasRemaining() && f.channel().read(buf, f.offset() + buf.position()) >= 0) {
        // until full
      }
      return buf.array();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<Path> blobFiles() {
    try (Stream<Path> files = Files.walk(dir.resolve("s3").resolve("blobs").resolve("blobs"))) {
      return files.filter(Files::isRegularFile).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void assertReason(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(S3StoreException.class)
        .extracting(e -> ((S3StoreException) e).reason())
        .isEqualTo(reason);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private final Random random = new Random(42);

  private byte[] random(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static String md5(String s) {
    return hex("MD5", bytes(s));
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
