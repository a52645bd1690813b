package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;

/**
 * The seed's S3 commands through the real aws CLI v2 ({@code /usr/bin/aws}) against Basin started
 * as {@code ./basin start --test-clock}, in a child process: buckets, uploads and downloads (one
 * multipart), listings, sync, recursive removal, versioning, and the seed's lifecycle rule played
 * out by moving Basin's clock.
 *
 * <p>Requests are signed as usual: moving Basin's clock does not move the wall clock that
 * signatures are checked against.
 */
class S3CliScenarioIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SEED_FILE = "bharat-pw-json.json";

  /** The seed's object: 34 bytes of JSON. */
  private static final byte[] SEED_OBJECT =
      "{\"name\":\"bharat\",\"course\":\"pw\"}\n\n\n".getBytes(StandardCharsets.UTF_8);

  /** The seed's lifecycle configuration, exactly. */
  private static final String SEED_LIFECYCLE =
      "{\"Rules\":[{\"ID\":\"MoveToGlacierAfter30Days_DeleteAfter90Days\",\"Filter\":{\"Prefix\":\"\"},"
          + "\"Status\":\"Enabled\",\"Transitions\":[{\"Days\":30,\"StorageClass\":\"GLACIER\"}],"
          + "\"Expiration\":{\"Days\":90}}]}";

  private static BasinProcess process;
  private static String endpoint;

  @TempDir Path work;

  @BeforeAll
  static void startBasin() throws Exception {
    process = BasinProcess.start("--test-clock");
    endpoint = process.endpoint();
  }

  @AfterAll
  static void stopBasin() throws Exception {
    if (process != null) {
      process.close();
    }
  }

  @Test
  void makeBucketCopyUpAndDownIncludingMultipartAndList() throws Exception {
    ok("s3", "mb", "s3://cli-basics");
    Path small = write(work.resolve("small.txt"), "hello basin\n".getBytes(StandardCharsets.UTF_8));
    byte[] bigBytes = new byte[20 * 1024 * 1024 + 12345];
    new Random(42).nextBytes(bigBytes);
    Path big = write(work.resolve("big.bin"), bigBytes);

    ok("s3", "cp", small.toString(), "s3://cli-basics/small.txt");
    ok("s3", "cp", big.toString(), "s3://cli-basics/big.bin");
    ok("s3", "cp", small.toString(), "s3://cli-basics/dir/nested.txt");

    // The CLI splits anything over 8 MiB into 8 MiB parts: 3 parts, and S3's multipart ETag.
    JsonNode head = json("s3api", "head-object", "--bucket", "cli-basics", "--key", "big.bin");
    assertThat(head.path("ContentLength").asLong()).isEqualTo(bigBytes.length);
    assertThat(head.path("ETag").asText()).endsWith("-3\"");

    Path down = Files.createDirectory(work.resolve("down"));
    ok("s3", "cp", "s3://cli-basics/big.bin", down.resolve("big.bin").toString());
    ok("s3", "cp", "s3://cli-basics/small.txt", down.resolve("small.txt").toString());
    assertThat(Files.mismatch(big, down.resolve("big.bin"))).isEqualTo(-1);
    assertThat(Files.mismatch(small, down.resolve("small.txt"))).isEqualTo(-1);

    assertThat(lines(ok("s3", "ls"))).anyMatch(l -> l.endsWith(" cli-basics"));
    List<String> root = lines(ok("s3", "ls", "s3://cli-basics/"));
    assertThat(root).hasSize(3);
    assertThat(root).anyMatch(l -> l.trim().equals("PRE dir/"));
    assertThat(root).anyMatch(l -> l.matches(".*\\s" + bigBytes.length + " big\\.bin"));
    assertThat(root).anyMatch(l -> l.matches(".*\\s12 small\\.txt"));
    List<String> prefix = lines(ok("s3", "ls", "s3://cli-basics/dir/"));
    assertThat(prefix).hasSize(1);
    assertThat(prefix.get(0)).endsWith(" nested.txt");
    assertThat(lines(ok("s3", "ls", "s3://cli-basics/", "--recursive")))
        .extracting(l -> l.substring(l.lastIndexOf(' ') + 1))
        .containsExactly("big.bin", "dir/nested.txt", "small.txt");
  }

  @Test
  void syncUpThenDownThenRemoveRecursively() throws Exception {
    ok("s3", "mb", "s3://cli-sync");
    Path up = Files.createDirectory(work.resolve("up"));
    write(up.resolve("a.txt"), "alpha".getBytes(StandardCharsets.UTF_8));
    write(up.resolve("b.json"), SEED_OBJECT);
    Files.createDirectory(up.resolve("sub"));
    write(up.resolve("sub/c.bin"), new byte[70_000]);

    String uploaded = ok("s3", "sync", up.toString(), "s3://cli-sync/data/");
    assertThat(lines(uploaded)).filteredOn(l -> l.startsWith("upload:")).hasSize(3);
    assertThat(lines(ok("s3", "sync", up.toString(), "s3://cli-sync/data/")))
        .as("a second sync finds nothing to upload")
        .noneMatch(l -> l.startsWith("upload:"));
    write(up.resolve("a.txt"), "alpha, longer".getBytes(StandardCharsets.UTF_8));
    assertThat(lines(ok("s3", "sync", up.toString(), "s3://cli-sync/data/")))
        .as("a changed size is uploaded")
        .singleElement()
        .satisfies(
            l ->
                assertThat(l).startsWith("upload: ").endsWith("a.txt to s3://cli-sync/data/a.txt"));

    Path back = work.resolve("back");
    ok("s3", "sync", "s3://cli-sync/data/", back.toString());
    assertThat(tree(back)).isEqualTo(tree(up));
    for (String file : tree(up)) {
      assertThat(Files.mismatch(up.resolve(file), back.resolve(file))).as(file).isEqualTo(-1);
    }

    String removed = ok("s3", "rm", "--recursive", "s3://cli-sync/data/");
    assertThat(lines(removed)).filteredOn(l -> l.startsWith("delete:")).hasSize(3);
    assertThat(ok("s3", "ls", "s3://cli-sync/", "--recursive")).isBlank();
    ok("s3", "rb", "s3://cli-sync");
    assertThat(lines(ok("s3", "ls"))).noneMatch(l -> l.endsWith(" cli-sync"));
  }

  @Test
  void theSeedsUpperCaseBucketNameIsInvalid() throws Exception {
    Result result = aws("s3", "mb", "s3://Bharat-pw-bucket");
    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr()).contains("InvalidBucketName");
    assertThat(lines(ok("s3", "ls"))).noneMatch(l -> l.endsWith(" Bharat-pw-bucket"));
  }

  /**
   * The seed's story: a versioned bucket, the JSON file uploaded twice, the seed's lifecycle rule;
   * after 31 days the current version is in GLACIER and cannot be read, after 91 a delete marker
   * hides it.
   */
  @Test
  void seedLifecycleRuleMovesToGlacierThenExpires() throws Exception {
    String bucket = "bharat-pw-bucket";
    ok("s3", "mb", "s3://" + bucket);
    ok(
        "s3api",
        "put-bucket-versioning",
        "--bucket",
        bucket,
        "--versioning-configuration",
        "Status=Enabled");
    assertThat(json("s3api", "get-bucket-versioning", "--bucket", bucket).path("Status").asText())
        .isEqualTo("Enabled");
    Path file = write(work.resolve(SEED_FILE), SEED_OBJECT);
    assertThat(SEED_OBJECT).hasSize(34);
    ok("s3", "cp", file.toString(), "s3://" + bucket + "/");
    ok("s3", "cp", file.toString(), "s3://" + bucket + "/");
    JsonNode versions = json("s3api", "list-object-versions", "--bucket", bucket);
    assertThat(versions.path("Versions")).hasSize(2);
    assertThat(versions.path("Versions").findValuesAsText("IsLatest"))
        .containsExactlyInAnyOrder("true", "false");
    String latest = versionId(versions, true);
    String older = versionId(versions, false);

    Path rule =
        write(work.resolve("lifecycle.json"), SEED_LIFECYCLE.getBytes(StandardCharsets.UTF_8));
    ok(
        "s3api",
        "put-bucket-lifecycle-configuration",
        "--bucket",
        bucket,
        "--lifecycle-configuration",
        "file://" + rule);
    assertThat(json("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket))
        .isEqualTo(JSON.readTree(SEED_LIFECYCLE));

    advanceDays(29);
    assertThat(storageClass(bucket, null)).isEqualTo("STANDARD");
    advanceDays(2); // day 31
    assertThat(storageClass(bucket, null)).isEqualTo("GLACIER");
    assertThat(storageClass(bucket, latest)).isEqualTo("GLACIER");
    assertThat(storageClass(bucket, older))
        .as("noncurrent: the rule moves only current")
        .isEqualTo("STANDARD");

    // aws s3 cp checks the storage class itself and skips archived objects ...
    Path target = work.resolve("copy.json");
    Result skipped = aws("s3", "cp", "s3://" + bucket + "/" + SEED_FILE, target.toString());
    assertThat(skipped.exit()).isNotZero();
    assertThat(skipped.stdout() + skipped.stderr()).contains("Object is of storage class GLACIER");
    // ... and when told to try anyway, S3 (Basin) refuses the GET.
    Result forced =
        aws(
            "s3",
            "cp",
            "--force-glacier-transfer",
            "s3://" + bucket + "/" + SEED_FILE,
            target.toString());
    assertThat(forced.exit()).isNotZero();
    assertThat(forced.stderr()).contains("InvalidObjectState");
    Result get =
        aws("s3api", "get-object", "--bucket", bucket, "--key", SEED_FILE, target.toString());
    assertThat(get.exit()).isNotZero();
    assertThat(get.stderr()).contains("InvalidObjectState");
    assertThat(target).doesNotExist();

    advanceDays(58); // day 89
    assertThat(storageClass(bucket, null)).isEqualTo("GLACIER");
    advanceDays(2); // day 91
    JsonNode after = json("s3api", "list-object-versions", "--bucket", bucket);
    assertThat(after.path("DeleteMarkers")).hasSize(1);
    assertThat(after.path("DeleteMarkers").get(0).path("IsLatest").asBoolean()).isTrue();
    assertThat(after.path("Versions")).hasSize(2);
    assertThat(after.path("Versions").findValuesAsText("IsLatest")).containsOnly("false");
    assertThat(ok("s3", "ls", "s3://" + bucket + "/")).isBlank();
    Result head = aws("s3api", "head-object", "--bucket", bucket, "--key", SEED_FILE);
    assertThat(head.exit()).isNotZero();
    assertThat(head.stderr()).contains("404");
  }

  /**
   * {@code TransitionDefaultMinimumObjectSize}: Basin's default is {@code varies_by_storage_class};
   * the header sets it per bucket and GetBucketLifecycleConfiguration reports it. The CLI at hand
   * predates the member, so this uses the SDK.
   */
  @Test
  void transitionDefaultMinimumObjectSizeIsStoredPerBucket() throws Exception {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      s3.createBucket(b -> b.bucket("cli-minimum-size"));
      BucketLifecycleConfiguration config =
          BucketLifecycleConfiguration.builder()
              .rules(
                  LifecycleRule.builder()
                      .id("expire")
                      .filter(LifecycleRuleFilter.builder().prefix("").build())
                      .status(ExpirationStatus.ENABLED)
                      .expiration(LifecycleExpiration.builder().days(10).build())
                      .build())
              .build();
      var put =
          s3.putBucketLifecycleConfiguration(
              b -> b.bucket("cli-minimum-size").lifecycleConfiguration(config));
      assertThat(put.transitionDefaultMinimumObjectSize())
          .isEqualTo(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS);
      assertThat(
              s3.getBucketLifecycleConfiguration(b -> b.bucket("cli-minimum-size"))
                  .transitionDefaultMinimumObjectSize())
          .isEqualTo(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS);

      put =
          s3.putBucketLifecycleConfiguration(
              b ->
                  b.bucket("cli-minimum-size")
                      .lifecycleConfiguration(config)
                      .transitionDefaultMinimumObjectSize(
                          TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K));
      assertThat(put.transitionDefaultMinimumObjectSize())
          .isEqualTo(TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K);
      var got = s3.getBucketLifecycleConfiguration(b -> b.bucket("cli-minimum-size"));
      assertThat(got.transitionDefaultMinimumObjectSize())
          .isEqualTo(TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K);
      assertThat(got.rules()).extracting(LifecycleRule::id).containsExactly("expire");
    }
  }

  // ---------------------------------------------------------------- helpers

  private record Result(int exit, String stdout, String stderr) {}

  private static String storageClass(String bucket, String versionId) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("s3api", "head-object", "--bucket", bucket, "--key", SEED_FILE));
    if (versionId != null) {
      args.add("--version-id");
      args.add(versionId);
    }
    // S3 leaves StorageClass out of HEAD for STANDARD.
    return json(args.toArray(String[]::new)).path("StorageClass").asText("STANDARD");
  }

  private static String versionId(JsonNode listing, boolean latest) {
    for (JsonNode v : listing.path("Versions")) {
      if (v.path("IsLatest").asBoolean() == latest) {
        return v.path("VersionId").asText();
      }
    }
    throw new AssertionError("no version with IsLatest=" + latest + " in " + listing);
  }

  /** POST /_basin/clock/advance: returns once Basin has applied what became due. */
  private static void advanceDays(int days) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(endpoint + "/_basin/clock/advance?days=" + days))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("testClock").asBoolean()).isTrue();
  }

  private static Instant basinNow() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(endpoint + "/_basin/clock")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return Instant.parse(JSON.readTree(response.body()).path("now").asText());
  }

  private static Path write(Path path, byte[] bytes) throws IOException {
    return Files.write(path, bytes);
  }

  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  /** The regular files under {@code dir}, as sorted relative paths. */
  private static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static JsonNode json(String... arguments) throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(arguments));
    args.add("--output");
    args.add("json");
    return JSON.readTree(ok(args.toArray(String[]::new)));
  }

  private static String ok(String... arguments) throws Exception {
    Result result = aws(arguments);
    assertThat(result.exit())
        .as("aws %s failed: %s", String.join(" ", arguments), result.stderr())
        .isZero();
    return result.stdout();
  }

  private static Result aws(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(Arrays.asList(arguments));
    if (arguments[0].equals("s3") && List.of("cp", "sync").contains(arguments[1])) {
      command.add("--no-progress"); // one line per file, no carriage-return progress
    }
    BasinProcess.Result result = process.aws(command.toArray(String[]::new));
    return new Result(result.exit(), result.stdout(), result.stderr());
  }
}
