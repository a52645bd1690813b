package dev.basin.server;

import static dev.basin.server.S3Testing.assertS3Error;
import static dev.basin.server.S3Testing.assertS3Status;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Objects through the AWS SDK for Java v2: CRUD, batch delete, copy, metadata, tagging, both
 * listings, ranges, conditional reads, response overrides, presigned URLs and checksums.
 */
class S3ObjectsIT {
  private static final String BUCKET = "objects";
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

  private static PutObjectResponse put(String key, String body) {
    return s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body));
  }

  private static String get(String bucket, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
  }

  private static String md5Hex(String body) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void putGetHeadDeleteWithMetadataAndContentHeaders() throws Exception {
    PutObjectResponse put =
        s3.putObject(
            r ->
                r.bucket(BUCKET)
                    .key("crud/hello.txt")
                    .contentType("text/plain; charset=utf-8")
                    .contentLanguage("en")
                    .contentDisposition("attachment; filename=\"hello.txt\"")
                    .cacheControl("max-age=60")
                    .contentEncoding("identity")
                    .metadata(Map.of("colour", "blue", "Mixed-Case", "Value")),
            RequestBody.fromString("hello world"));
    assertThat(put.eTag()).isEqualTo("\"" + md5Hex("hello world") + "\"");
    assertThat(put.versionId()).isNull();

    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("crud/hello.txt"));
    assertThat(got.asUtf8String()).isEqualTo("hello world");
    GetObjectResponse response = got.response();
    assertThat(response.eTag()).isEqualTo(put.eTag());
    assertThat(response.contentLength()).isEqualTo(11);
    assertThat(response.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.contentLanguage()).isEqualTo("en");
    assertThat(response.contentDisposition()).isEqualTo("attachment; filename=\"hello.txt\"");
    assertThat(response.cacheControl()).isEqualTo("max-age=60");
    assertThat(response.contentEncoding()).isEqualTo("identity");
    assertThat(response.metadata())
        .containsEntry("colour", "blue")
        .containsEntry("mixed-case", "Value");
    assertThat(response.acceptRanges()).isEqualTo("bytes");
    assertThat(response.lastModified()).isBefore(Instant.now().plusSeconds(5));

    HeadObjectResponse head = s3.headObject(r -> r.bucket(BUCKET).key("crud/hello.txt"));
    assertThat(head.contentLength()).isEqualTo(11);
    assertThat(head.eTag()).isEqualTo(put.eTag());
    assertThat(head.metadata()).containsEntry("colour", "blue");
    assertThat(head.storageClass()).isNull(); // STANDARD is not reported by HEAD

    // an overwrite replaces body and metadata
    put("crud/hello.txt", "second");
    assertThat(get(BUCKET, "crud/hello.txt")).isEqualTo("second");
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("crud/hello.txt")).metadata()).isEmpty();

    s3.deleteObject(r -> r.bucket(BUCKET).key("crud/hello.txt"));
    assertS3Error(() -> get(BUCKET, "crud/hello.txt"), "NoSuchKey", 404);
    assertS3Status(() -> s3.headObject(r -> r.bucket(BUCKET).key("crud/hello.txt")), 404);
    // deleting what is not there succeeds, as S3 does
    s3.deleteObject(r -> r.bucket(BUCKET).key("crud/hello.txt"));
    assertS3Error(() -> get("no-such-bucket-here", "k"), "NoSuchBucket", 404);
    assertS3Error(
        () ->
            s3.putObject(
                r -> r.bucket("no-such-bucket-here").key("k"), RequestBody.fromString("x")),
        "NoSuchBucket",
        404);
    // empty objects
    put("crud/empty", "");
    assertThat(get(BUCKET, "crud/empty")).isEmpty();
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("crud/empty")).eTag())
        .isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
  }

  @Test
  void deleteObjectsReportsEachKeyAndIsSilentWhenQuiet() {
    for (int i = 0; i < 5; i++) {
      put("batch/" + i, "v" + i);
    }
    DeleteObjectsResponse loud =
        s3.deleteObjects(
            r ->
                r.bucket(BUCKET)
                    .delete(
                        d ->
                            d.objects(
                                ObjectIdentifier.builder().key("batch/0").build(),
                                ObjectIdentifier.builder().key("batch/1").build(),
                                ObjectIdentifier.builder().key("batch/never-existed").build())));
    assertThat(loud.deleted())
        .extracting(d -> d.key())
        .containsExactlyInAnyOrder("batch/0", "batch/1", "batch/never-existed");
    assertThat(loud.errors()).isEmpty();
    DeleteObjectsResponse quiet =
        s3.deleteObjects(
            r ->
                r.bucket(BUCKET)
                    .delete(
                        d ->
                            d.quiet(true)
                                .objects(
                                    ObjectIdentifier.builder().key("batch/2").build(),
                                    ObjectIdentifier.builder().key("batch/3").build())));
    assertThat(quiet.deleted()).isEmpty();
    assertThat(quiet.errors()).isEmpty();
    assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("batch/")).contents())
        .extracting(S3Object::key)
        .containsExactly("batch/4");
    assertS3Error(
        () ->
            s3.deleteObjects(
                r ->
                    r.bucket("no-such-bucket-here")
                        .delete(d -> d.objects(ObjectIdentifier.builder().key("x").build()))),
        "NoSuchBucket",
        404);
  }

  @Test
  void copyKeepsOrReplacesMetadataAndCrossesBuckets() {
    s3.createBucket(r -> r.bucket("objects-copy-target"));
    s3.putObject(
        r ->
            r.bucket(BUCKET)
                .key("copy/src")
                .contentType("application/json")
                .metadata(Map.of("origin", "source"))
                .tagging("a=1"),
        RequestBody.fromString("{\"copy\":true}"));
    CopyObjectResponse copied =
        s3.copyObject(
            r ->
                r.sourceBucket(BUCKET)
                    .sourceKey("copy/src")
                    .destinationBucket("objects-copy-target")
                    .destinationKey("copy/dst"));
    String etag = s3.headObject(r -> r.bucket(BUCKET).key("copy/src")).eTag();
    assertThat(copied.copyObjectResult().eTag()).isEqualTo(etag);
    assertThat(copied.copyObjectResult().lastModified()).isNotNull();
    HeadObjectResponse kept = s3.headObject(r -> r.bucket("objects-copy-target").key("copy/dst"));
    assertThat(kept.metadata()).containsExactly(Map.entry("origin", "source"));
    assertThat(kept.contentType()).isEqualTo("application/json");
    assertThat(
            s3.getObject(r -> r.bucket("objects-copy-target").key("copy/dst"))
                .response()
                .tagCount())
        .isEqualTo(1);
    assertThat(get("objects-copy-target", "copy/dst")).isEqualTo("{\"copy\":true}");

    s3.copyObject(
        r ->
            r.sourceBucket(BUCKET)
                .sourceKey("copy/src")
                .destinationBucket(BUCKET)
                .destinationKey("copy/replaced")
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType("text/plain")
                .metadata(Map.of("origin", "replaced"))
                .taggingDirective(TaggingDirective.REPLACE)
                .tagging("b=2&c=3"));
    HeadObjectResponse replaced = s3.headObject(r -> r.bucket(BUCKET).key("copy/replaced"));
    assertThat(replaced.metadata()).containsExactly(Map.entry("origin", "replaced"));
    assertThat(replaced.contentType()).isEqualTo("text/plain");
    assertThat(s3.getObject(r -> r.bucket(BUCKET).key("copy/replaced")).response().tagCount())
        .isEqualTo(2);

    // copying onto itself needs a change
    assertS3Error(
        () ->
            s3.copyObject(
                r ->
                    r.sourceBucket(BUCKET)
                        .sourceKey("copy/src")
                        .destinationBucket(BUCKET)
                        .destinationKey("copy/src")),
        "InvalidRequest",
        400);
    s3.copyObject(
        r ->
            r.sourceBucket(BUCKET)
                .sourceKey("copy/src")
                .destinationBucket(BUCKET)
                .destinationKey("copy/src")
                .metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of("origin", "self")));
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("copy/src")).metadata())
        .containsExactly(Map.entry("origin", "self"));
    assertS3Error(
        () ->
            s3.copyObject(
                r ->
                    r.sourceBucket(BUCKET)
                        .sourceKey("copy/missing")
                        .destinationBucket(BUCKET)
                        .destinationKey("copy/x")),
        "NoSuchKey",
        404);
    assertS3Error(
        () ->
            s3.copyObject(
                r ->
                    r.sourceBucket(BUCKET)
                        .sourceKey("copy/src")
                        .destinationBucket(BUCKET)
                        .destinationKey("copy/x")
                        .copySourceIfMatch("\"0000\"")),
        "PreconditionFailed",
        412);
  }

  @Test
  void taggingByHeaderAndByTheTaggingOperations() {
    s3.putObject(
        r -> r.bucket(BUCKET).key("tags/obj").tagging("project=basin&empty="),
        RequestBody.fromString("t"));
    assertThat(s3.getObjectTagging(r -> r.bucket(BUCKET).key("tags/obj")).tagSet())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactlyInAnyOrder("project=basin", "empty=");
    assertThat(s3.getObject(r -> r.bucket(BUCKET).key("tags/obj")).response().tagCount())
        .isEqualTo(2);
    s3.putObjectTagging(
        r ->
            r.bucket(BUCKET)
                .key("tags/obj")
                .tagging(t -> t.tagSet(Tag.builder().key("k").value("v").build())));
    assertThat(s3.getObjectTagging(r -> r.bucket(BUCKET).key("tags/obj")).tagSet())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("k=v");
    s3.deleteObjectTagging(r -> r.bucket(BUCKET).key("tags/obj"));
    assertThat(s3.getObjectTagging(r -> r.bucket(BUCKET).key("tags/obj")).tagSet()).isEmpty();

    List<Tag> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(Tag.builder().key("k" + i).value("v").build());
    }
    assertS3Error(
        () ->
            s3.putObjectTagging(
                r -> r.bucket(BUCKET).key("tags/obj").tagging(t -> t.tagSet(eleven))),
        "BadRequest",
        400);
    assertS3Error(
        () ->
            s3.putObjectTagging(
                r ->
                    r.bucket(BUCKET)
                        .key("tags/missing")
                        .tagging(t -> t.tagSet(Tag.builder().key("k").value("v").build()))),
        "NoSuchKey",
        404);
  }

  @Test
  void listObjectsV1AndV2WithPrefixesDelimitersAndPages() {
    s3.createBucket(r -> r.bucket("listing"));
    List<String> keys =
        List.of(
            "a.txt",
            "logs/2024/jan.log",
            "logs/2024/feb.log",
            "logs/2025/mar.log",
            "logs/readme",
            "photos/cat.jpg",
            "photos/dog.jpg",
            "z.txt");
    for (String key : keys) {
      s3.putObject(r -> r.bucket("listing").key(key), RequestBody.fromString(key));
    }
    ListObjectsV2Response all = s3.listObjectsV2(r -> r.bucket("listing"));
    assertThat(all.contents())
        .extracting(S3Object::key)
        .containsExactlyElementsOf(keys.stream().sorted().toList());
    assertThat(all.keyCount()).isEqualTo(8);
    assertThat(all.isTruncated()).isFalse();
    assertThat(all.contents().get(0).size()).isEqualTo(5);
    assertThat(all.contents().get(0).storageClassAsString()).isEqualTo("STANDARD");
    assertThat(all.contents().get(0).owner()).isNull();

    ListObjectsV2Response top = s3.listObjectsV2(r -> r.bucket("listing").delimiter("/"));
    assertThat(top.contents()).extracting(S3Object::key).containsExactly("a.txt", "z.txt");
    assertThat(top.commonPrefixes())
        .extracting(p -> p.prefix())
        .containsExactly("logs/", "photos/");
    assertThat(top.keyCount()).isEqualTo(4);

    ListObjectsV2Response logs =
        s3.listObjectsV2(r -> r.bucket("listing").prefix("logs/").delimiter("/"));
    assertThat(logs.contents()).extracting(S3Object::key).containsExactly("logs/readme");
    assertThat(logs.commonPrefixes())
        .extracting(p -> p.prefix())
        .containsExactly("logs/2024/", "logs/2025/");
    assertThat(logs.prefix()).isEqualTo("logs/");
    assertThat(logs.delimiter()).isEqualTo("/");

    ListObjectsV2Response after =
        s3.listObjectsV2(r -> r.bucket("listing").startAfter("photos/cat.jpg").fetchOwner(true));
    assertThat(after.contents())
        .extracting(S3Object::key)
        .containsExactly("photos/dog.jpg", "z.txt");
    assertThat(after.startAfter()).isEqualTo("photos/cat.jpg");
    assertThat(after.contents().get(0).owner().id()).hasSize(64);

    // pages of 3 with continuation tokens; common prefixes count toward max-keys
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String current = token;
      ListObjectsV2Response page =
          s3.listObjectsV2(r -> r.bucket("listing").maxKeys(3).continuationToken(current));
      assertThat(page.maxKeys()).isEqualTo(3);
      assertThat(page.continuationToken()).isEqualTo(current);
      page.contents().forEach(o -> seen.add(o.key()));
      token = page.isTruncated() ? page.nextContinuationToken() : null;
      assertThat(page.isTruncated()).isEqualTo(page.nextContinuationToken() != null);
      pages++;
    } while (token != null);
    assertThat(seen).containsExactlyElementsOf(keys.stream().sorted().toList());
    assertThat(pages).isEqualTo(3);
    ListObjectsV2Response grouped =
        s3.listObjectsV2(r -> r.bucket("listing").delimiter("/").maxKeys(2));
    assertThat(grouped.contents()).extracting(S3Object::key).containsExactly("a.txt");
    assertThat(grouped.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("logs/");
    assertThat(grouped.isTruncated()).isTrue();
    ListObjectsV2Response rest =
        s3.listObjectsV2(
            r ->
                r.bucket("listing")
                    .delimiter("/")
                    .continuationToken(grouped.nextContinuationToken()));
    assertThat(rest.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("photos/");
    assertThat(rest.contents()).extracting(S3Object::key).containsExactly("z.txt");
    assertThat(s3.listObjectsV2(r -> r.bucket("listing").maxKeys(0)).contents()).isEmpty();
    assertS3Error(
        () -> s3.listObjectsV2(r -> r.bucket("listing").continuationToken("!!not-a-token!!")),
        "InvalidArgument",
        400);
    assertS3Error(
        () -> s3.listObjectsV2(r -> r.bucket("no-such-bucket-here")), "NoSuchBucket", 404);

    // V1: Marker, NextMarker (only with a delimiter), IsTruncated
    ListObjectsResponse v1 = s3.listObjects(r -> r.bucket("listing").maxKeys(2));
    assertThat(v1.contents())
        .extracting(S3Object::key)
        .containsExactly("a.txt", "logs/2024/feb.log");
    assertThat(v1.isTruncated()).isTrue();
    assertThat(v1.nextMarker()).isNull();
    assertThat(v1.contents().get(0).owner().id()).hasSize(64);
    ListObjectsResponse v1Next =
        s3.listObjects(r -> r.bucket("listing").marker("logs/2024/feb.log").maxKeys(2));
    assertThat(v1Next.contents())
        .extracting(S3Object::key)
        .containsExactly("logs/2024/jan.log", "logs/2025/mar.log");
    assertThat(v1Next.marker()).isEqualTo("logs/2024/feb.log");
    ListObjectsResponse v1Delimited =
        s3.listObjects(r -> r.bucket("listing").delimiter("/").maxKeys(2));
    assertThat(v1Delimited.isTruncated()).isTrue();
    assertThat(v1Delimited.nextMarker()).isEqualTo("logs/");
    ListObjectsResponse v1Rest =
        s3.listObjects(r -> r.bucket("listing").delimiter("/").marker(v1Delimited.nextMarker()));
    assertThat(v1Rest.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("photos/");
    assertThat(v1Rest.contents()).extracting(S3Object::key).containsExactly("z.txt");
  }

  @Test
  void urlEncodedListingsCarryKeysWithSpacesAndUnicode() throws Exception {
    s3.createBucket(r -> r.bucket("encoded"));
    List<String> keys = List.of("dir one/a b.txt", "dir one/c++ notes.txt", "résumé/é.txt", "x%y");
    for (String key : keys) {
      s3.putObject(r -> r.bucket("encoded").key(key), RequestBody.fromString(key));
    }
    for (String key : keys) {
      assertThat(get("encoded", key)).isEqualTo(key);
    }
    // the SDK decodes what it asked to be encoded
    ListObjectsV2Response v2 =
        s3.listObjectsV2(r -> r.bucket("encoded").encodingType(EncodingType.URL));
    assertThat(v2.contents()).extracting(S3Object::key).containsExactlyElementsOf(keys);
    ListObjectsV2Response v2Delimited =
        s3.listObjectsV2(
            r ->
                r.bucket("encoded")
                    .delimiter("/")
                    .prefix("dir one/")
                    .encodingType(EncodingType.URL));
    assertThat(v2Delimited.prefix()).isEqualTo("dir one/");
    assertThat(v2Delimited.contents())
        .extracting(S3Object::key)
        .containsExactly("dir one/a b.txt", "dir one/c++ notes.txt");
    ListObjectsResponse v1 =
        s3.listObjects(r -> r.bucket("encoded").delimiter("/").encodingType(EncodingType.URL));
    assertThat(v1.commonPrefixes())
        .extracting(p -> p.prefix())
        .containsExactly("dir one/", "résumé/");
    assertThat(v1.contents()).extracting(S3Object::key).containsExactly("x%y");

    // on the wire: percent-encoded UTF-8, '/' kept, '+' escaped, no raw space
    HttpResponse<String> raw =
        S3Testing.signed(basin, "GET", "/encoded?list-type=2&encoding-type=url", null, Map.of());
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body())
        .contains("<EncodingType>url</EncodingType>")
        .contains("c%2B%2B")
        .contains("r%C3%A9sum%C3%A9/%C3%A9.txt")
        .contains("<Key>x%25y</Key>")
        .doesNotContain("a b.txt");
    assertS3Error(
        () -> s3.listObjectsV2(r -> r.bucket("encoded").encodingType("base64")),
        "InvalidArgument",
        400);
  }

  @Test
  void rangesAnswerPartialContentOrInvalidRange() {
    put("range/digits", "0123456789");
    ResponseBytes<GetObjectResponse> middle =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("range/digits").range("bytes=2-5"));
    assertThat(middle.asUtf8String()).isEqualTo("2345");
    assertThat(middle.response().contentRange()).isEqualTo("bytes 2-5/10");
    assertThat(middle.response().contentLength()).isEqualTo(4);
    assertThat(middle.response().sdkHttpResponse().statusCode()).isEqualTo(206);
    ResponseBytes<GetObjectResponse> suffix =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("range/digits").range("bytes=-3"));
    assertThat(suffix.asUtf8String()).isEqualTo("789");
    assertThat(suffix.response().contentRange()).isEqualTo("bytes 7-9/10");
    ResponseBytes<GetObjectResponse> open =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("range/digits").range("bytes=8-"));
    assertThat(open.asUtf8String()).isEqualTo("89");
    ResponseBytes<GetObjectResponse> beyond =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("range/digits").range("bytes=5-100"));
    assertThat(beyond.asUtf8String()).isEqualTo("56789");
    assertThat(beyond.response().contentRange()).isEqualTo("bytes 5-9/10");
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("range/digits").range("bytes=10-")),
        "InvalidRange",
        416);
    // a range S3 cannot parse is ignored: the whole object, 200
    ResponseBytes<GetObjectResponse> ignored =
        s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("range/digits").range("lines=1-2"));
    assertThat(ignored.asUtf8String()).isEqualTo("0123456789");
    assertThat(ignored.response().sdkHttpResponse().statusCode()).isEqualTo(200);
    HeadObjectResponse head =
        s3.headObject(r -> r.bucket(BUCKET).key("range/digits").range("bytes=0-0"));
    assertThat(head.contentLength()).isEqualTo(1);
    // AWS also answers HEAD with 206 and Content-Range; Basin's S3 model (the JS SDK's) has no
    // such HeadObject members, so only the length tells the range here

  }

  @Test
  void conditionalGetsAnswer304And412() {
    PutObjectResponse put = put("cond/obj", "conditional");
    String etag = put.eTag();
    Instant modified = s3.headObject(r -> r.bucket(BUCKET).key("cond/obj")).lastModified();
    assertThat(get(BUCKET, "cond/obj")).isEqualTo("conditional");
    assertThat(
            s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("cond/obj").ifMatch(etag)).asUtf8String())
        .isEqualTo("conditional");
    assertS3Error(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("cond/obj").ifMatch("\"nope\"")),
        "PreconditionFailed",
        412);
    assertS3Status(
        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("cond/obj").ifNoneMatch(etag)), 304);
    assertS3Status(
        () ->
            s3.getObjectAsBytes(
                r -> r.bucket(BUCKET).key("cond/obj").ifModifiedSince(modified.plusSeconds(60))),
        304);
    assertThat(
            s3.getObjectAsBytes(
                    r ->
                        r.bucket(BUCKET).key("cond/obj").ifModifiedSince(modified.minusSeconds(60)))
                .asUtf8String())
        .isEqualTo("conditional");
    assertS3Error(
        () ->
            s3.getObjectAsBytes(
                r -> r.bucket(BUCKET).key("cond/obj").ifUnmodifiedSince(modified.minusSeconds(60))),
        "PreconditionFailed",
        412);
    // If-Match true and If-Unmodified-Since false: If-Match wins (RFC 7232 as S3 documents)
    assertThat(
            s3.getObjectAsBytes(
                    r ->
                        r.bucket(BUCKET)
                            .key("cond/obj")
                            .ifMatch(etag)
                            .ifUnmodifiedSince(modified.minusSeconds(60)))
                .asUtf8String())
        .isEqualTo("conditional");
    assertS3Status(
        () -> s3.headObject(r -> r.bucket(BUCKET).key("cond/obj").ifMatch("\"nope\"")), 412);
    assertS3Status(
        () -> s3.headObject(r -> r.bucket(BUCKET).key("cond/obj").ifNoneMatch(etag)), 304);
    // conditional writes
    assertS3Error(
        () ->
            s3.putObject(
                r -> r.bucket(BUCKET).key("cond/obj").ifNoneMatch("*"),
                RequestBody.fromString("x")),
        "PreconditionFailed",
        412);
    s3.putObject(
        r -> r.bucket(BUCKET).key("cond/new").ifNoneMatch("*"), RequestBody.fromString("x"));
  }

  @Test
  void responseOverridesReplaceTheStoredHeaders() {
    s3.putObject(
        r -> r.bucket(BUCKET).key("override/obj").contentType("text/plain"),
        RequestBody.fromString("override"));
    GetObjectResponse response =
        s3.getObject(
                r ->
                    r.bucket(BUCKET)
                        .key("override/obj")
                        .responseContentType("application/octet-stream")
                        .responseContentDisposition("attachment; filename=\"o.bin\"")
                        .responseCacheControl("no-cache")
                        .responseContentLanguage("fr")
                        .responseContentEncoding("identity")
                        .responseExpires(Instant.parse("2030-01-01T00:00:00Z")))
            .response();
    assertThat(response.contentType()).isEqualTo("application/octet-stream");
    assertThat(response.contentDisposition()).isEqualTo("attachment; filename=\"o.bin\"");
    assertThat(response.cacheControl()).isEqualTo("no-cache");
    assertThat(response.contentLanguage()).isEqualTo("fr");
    assertThat(response.contentEncoding()).isEqualTo("identity");
    assertThat(response.expires()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void presignedGetAndPutWorkWithAPlainHttpClient() throws Exception {
    try (S3Presigner presigner =
        S3Presigner.builder()
            .endpointOverride(basin.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build()) {
      HttpClient http = HttpClient.newHttpClient();
      PresignedPutObjectRequest presignedPut =
          presigner.presignPutObject(
              p ->
                  p.signatureDuration(Duration.ofMinutes(5))
                      .putObjectRequest(r -> r.bucket(BUCKET).key("presigned/up load.txt")));
      HttpResponse<String> putResponse =
          http.send(
              HttpRequest.newBuilder(presignedPut.url().toURI())
                  .PUT(HttpRequest.BodyPublishers.ofString("via presigned put"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(putResponse.statusCode()).isEqualTo(200);
      assertThat(putResponse.headers().firstValue("ETag"))
          .contains("\"" + md5Hex("via presigned put") + "\"");
      assertThat(get(BUCKET, "presigned/up load.txt")).isEqualTo("via presigned put");

      PresignedGetObjectRequest presignedGet =
          presigner.presignGetObject(
              p ->
                  p.signatureDuration(Duration.ofMinutes(5))
                      .getObjectRequest(
                          r ->
                              r.bucket(BUCKET)
                                  .key("presigned/up load.txt")
                                  .responseContentType("text/x-presigned")));
      assertThat(presignedGet.url().getQuery()).contains("X-Amz-Signature=");
      HttpResponse<String> getResponse =
          http.send(
              HttpRequest.newBuilder(presignedGet.url().toURI()).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(getResponse.statusCode()).isEqualTo(200);
      assertThat(getResponse.body()).isEqualTo("via presigned put");
      assertThat(getResponse.headers().firstValue("Content-Type")).contains("text/x-presigned");

      // a tampered signature is refused
      String tampered =
          presignedGet.url().toString().replace("X-Amz-Signature=", "X-Amz-Signature=0");
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(java.net.URI.create(tampered)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }
  }

  @Test
  void checksumsAreVerifiedAndReported() throws Exception {
    byte[] body = "checksummed content".getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(body);
    String crc32 =
        Base64.getEncoder()
            .encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    // the SDK's default: a CRC32 trailer on an aws-chunked body
    PutObjectResponse byDefault =
        s3.putObject(r -> r.bucket(BUCKET).key("sum/default"), RequestBody.fromBytes(body));
    assertThat(byDefault.checksumCRC32()).isEqualTo(crc32);
    HeadObjectResponse head =
        s3.headObject(r -> r.bucket(BUCKET).key("sum/default").checksumMode(ChecksumMode.ENABLED));
    assertThat(head.checksumCRC32()).isEqualTo(crc32);
    assertThat(s3.headObject(r -> r.bucket(BUCKET).key("sum/default")).checksumCRC32()).isNull();
    ResponseBytes<GetObjectResponse> validated =
        s3.getObjectAsBytes(
            r -> r.bucket(BUCKET).key("sum/default").checksumMode(ChecksumMode.ENABLED));
    assertThat(validated.asByteArray()).isEqualTo(body);
    assertThat(validated.response().checksumCRC32()).isEqualTo(crc32);

    String sha256 =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
    PutObjectResponse bySha =
        s3.putObject(
            r -> r.bucket(BUCKET).key("sum/sha").checksumAlgorithm(ChecksumAlgorithm.SHA256),
            RequestBody.fromBytes(body));
    assertThat(bySha.checksumSHA256()).isEqualTo(sha256);
    PutObjectResponse byCrc32c =
        s3.putObject(
            r -> r.bucket(BUCKET).key("sum/crc32c").checksumAlgorithm(ChecksumAlgorithm.CRC32_C),
            RequestBody.fromBytes(body));
    java.util.zip.CRC32C crc32c = new java.util.zip.CRC32C();
    crc32c.update(body);
    assertThat(byCrc32c.checksumCRC32C())
        .isEqualTo(
            Base64.getEncoder()
                .encodeToString(
                    java.nio.ByteBuffer.allocate(4).putInt((int) crc32c.getValue()).array()));
    assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("sum/sha")).contents())
        .singleElement()
        .satisfies(o -> assertThat(o.checksumAlgorithmAsStrings()).containsExactly("SHA256"));

    // a value sent with the request that does not match the body
    assertS3Error(
        () ->
            s3.putObject(
                r ->
                    r.bucket(BUCKET)
                        .key("sum/bad")
                        .checksumSHA256(
                            sha256.replace(sha256.charAt(0), sha256.charAt(0) == 'A' ? 'B' : 'A')),
                RequestBody.fromBytes(body)),
        "BadDigest",
        400);
    String wrongMd5 =
        Base64.getEncoder()
            .encodeToString(MessageDigest.getInstance("MD5").digest("other".getBytes()));
    assertS3Error(
        () ->
            s3.putObject(
                r -> r.bucket(BUCKET).key("sum/bad").contentMD5(wrongMd5),
                RequestBody.fromBytes(body)),
        "BadDigest",
        400);
    assertS3Error(
        () ->
            s3.putObject(
                r -> r.bucket(BUCKET).key("sum/bad").contentMD5("not-base64-md5"),
                RequestBody.fromBytes(body)),
        "InvalidDigest",
        400);
    String rightMd5 =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
    s3.putObject(
        r -> r.bucket(BUCKET).key("sum/md5").contentMD5(rightMd5), RequestBody.fromBytes(body));
    assertS3Error(() -> get(BUCKET, "sum/bad"), "NoSuchKey", 404);
  }
}
