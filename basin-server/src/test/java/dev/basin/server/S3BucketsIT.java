package dev.basin.server;

import static dev.basin.server.S3Testing.assertS3Error;
import static dev.basin.server.S3Testing.assertS3Status;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Bucket operations through the AWS SDK for Java v2, path style and virtual-hosted style: create
 * (regions, names, duplicates), head, delete, list, location, and the configuration documents
 * (lifecycle, notification, policy, ACL, CORS, tagging).
 */
class S3BucketsIT {
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

  @Test
  void aBucketCreatedInEuWest1ReportsThatRegion() {
    try (S3Client eu = S3Testing.pathStyle(basin, Region.EU_WEST_1)) {
      eu.createBucket(
          r ->
              r.bucket("bkt-eu")
                  .createBucketConfiguration(
                      c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
      assertThat(eu.getBucketLocation(r -> r.bucket("bkt-eu")).locationConstraintAsString())
          .isEqualTo("eu-west-1");
      assertThat(eu.headBucket(r -> r.bucket("bkt-eu")).bucketRegion()).isEqualTo("eu-west-1");
      // a constraint other than the signing region is refused
      assertS3Error(
          () ->
              eu.createBucket(
                  r ->
                      r.bucket("bkt-eu-2")
                          .createBucketConfiguration(c -> c.locationConstraint("eu-central-1"))),
          "IllegalLocationConstraintException",
          400);
    }
    s3.createBucket(r -> r.bucket("bkt-us"));
    assertThat(s3.getBucketLocation(r -> r.bucket("bkt-us")).locationConstraintAsString())
        .isNullOrEmpty();
    ListBucketsResponse listed = s3.listBuckets();
    assertThat(listed.buckets())
        .filteredOn(b -> b.name().startsWith("bkt-"))
        .extracting(b -> b.name() + "@" + b.bucketRegion())
        .containsExactly("bkt-eu@eu-west-1", "bkt-us@us-east-1");
    assertThat(listed.buckets()).allSatisfy(b -> assertThat(b.creationDate()).isNotNull());
    assertThat(listed.owner().id()).hasSize(64);
    assertThat(s3.listBuckets(r -> r.bucketRegion("eu-west-1")).buckets())
        .extracting(b -> b.name())
        .containsExactly("bkt-eu");
  }

  @Test
  void invalidNamesAndDuplicatesAreRefused() throws Exception {
    // the SDK refuses upper case before sending; the server must refuse it too
    for (String name : List.of("Bharat-pw-bucket", "ab", "bucket_underscore", "192.168.5.4")) {
      HttpResponse<String> response = S3Testing.signed(basin, "PUT", "/" + name, null, Map.of());
      assertThat(response.statusCode()).as(name).isEqualTo(400);
      assertThat(response.body()).as(name).contains("<Code>InvalidBucketName</Code>");
      assertThat(response.body()).as(name).contains("<BucketName>" + name + "</BucketName>");
    }
    assertS3Error(() -> s3.createBucket(r -> r.bucket("xn--punycode")), "InvalidBucketName", 400);
    s3.createBucket(r -> r.bucket("dup-bucket"));
    // us-east-1's legacy rule (re-creating your own bucket there succeeds): S3ConformanceIT
    s3.createBucket(r -> r.bucket("dup-bucket"));
  }

  @Test
  void headAndDeleteFollowTheBucketsLife() {
    s3.createBucket(r -> r.bucket("life-bucket"));
    assertThat(s3.headBucket(r -> r.bucket("life-bucket")).bucketRegion()).isEqualTo("us-east-1");
    s3.putObject(r -> r.bucket("life-bucket").key("k"), RequestBody.fromString("x"));
    assertS3Error(() -> s3.deleteBucket(r -> r.bucket("life-bucket")), "BucketNotEmpty", 409);
    s3.deleteObject(r -> r.bucket("life-bucket").key("k"));
    s3.deleteBucket(r -> r.bucket("life-bucket"));
    assertS3Status(() -> s3.headBucket(r -> r.bucket("life-bucket")), 404);
    assertS3Error(() -> s3.deleteBucket(r -> r.bucket("life-bucket")), "NoSuchBucket", 404);
    assertS3Error(() -> s3.getBucketLocation(r -> r.bucket("life-bucket")), "NoSuchBucket", 404);
  }

  @Test
  void virtualHostedStyleAddressesTheBucketByHostName() {
    try (S3Client vhost = S3Testing.virtualHosted(basin)) {
      vhost.createBucket(r -> r.bucket("vhost-bucket"));
      vhost.putObject(
          r -> r.bucket("vhost-bucket").key("dir/a b.txt"), RequestBody.fromString("hosted"));
      assertThat(
              vhost
                  .getObjectAsBytes(r -> r.bucket("vhost-bucket").key("dir/a b.txt"))
                  .asUtf8String())
          .isEqualTo("hosted");
      assertThat(vhost.listObjectsV2(r -> r.bucket("vhost-bucket")).contents())
          .extracting(o -> o.key())
          .containsExactly("dir/a b.txt");
      assertThat(vhost.headBucket(r -> r.bucket("vhost-bucket")).bucketRegion())
          .isEqualTo("us-east-1");
    }
    // the same bucket path style
    assertThat(s3.getObjectAsBytes(r -> r.bucket("vhost-bucket").key("dir/a b.txt")).asUtf8String())
        .isEqualTo("hosted");
  }

  @Test
  void theSeedsLifecycleConfigurationRoundTrips() {
    s3.createBucket(r -> r.bucket("lifecycle-bucket"));
    assertS3Error(
        () -> s3.getBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket")),
        "NoSuchLifecycleConfiguration",
        404);
    LifecycleRule rule =
        LifecycleRule.builder()
            .id("MoveToGlacierAfter30Days_DeleteAfter90Days")
            .filter(LifecycleRuleFilter.builder().prefix("").build())
            .status(ExpirationStatus.ENABLED)
            .transitions(
                Transition.builder().days(30).storageClass(TransitionStorageClass.GLACIER).build())
            .expiration(LifecycleExpiration.builder().days(90).build())
            .build();
    s3.putBucketLifecycleConfiguration(
        r ->
            r.bucket("lifecycle-bucket")
                .lifecycleConfiguration(
                    BucketLifecycleConfiguration.builder().rules(rule).build()));
    GetBucketLifecycleConfigurationResponse got =
        s3.getBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket"));
    assertThat(got.rules()).hasSize(1);
    LifecycleRule back = got.rules().get(0);
    assertThat(back.id()).isEqualTo("MoveToGlacierAfter30Days_DeleteAfter90Days");
    assertThat(back.status()).isEqualTo(ExpirationStatus.ENABLED);
    assertThat(back.filter().prefix()).isEmpty();
    assertThat(back.transitions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.days()).isEqualTo(30);
              assertThat(t.storageClass()).isEqualTo(TransitionStorageClass.GLACIER);
            });
    assertThat(back.expiration().days()).isEqualTo(90);
    // Basin's default, so that small objects reach GLACIER as the seed expects (docs/s3.md).
    assertThat(got.transitionDefaultMinimumObjectSizeAsString())
        .isEqualTo("varies_by_storage_class");

    s3.deleteBucketLifecycle(r -> r.bucket("lifecycle-bucket"));
    assertS3Error(
        () -> s3.getBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket")),
        "NoSuchLifecycleConfiguration",
        404);
  }

  @Test
  void badLifecycleConfigurationsAreRefused() throws Exception {
    s3.createBucket(r -> r.bucket("bad-lifecycle"));
    LifecycleRule.Builder base =
        LifecycleRule.builder()
            .id("r")
            .filter(LifecycleRuleFilter.builder().prefix("").build())
            .status(ExpirationStatus.ENABLED);
    assertS3Error(() -> putLifecycle("bad-lifecycle", List.of()), "MalformedXML", 400);
    // the SDK refuses a rule without Status before sending; the server must refuse it too
    for (String xml :
        List.of(
            "<LifecycleConfiguration><Rule><ID>r</ID><Filter><Prefix></Prefix></Filter>"
                + "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>",
            "<LifecycleConfiguration><Rule><Status>Enabled</Status>")) {
      HttpResponse<String> response =
          S3Testing.signed(
              basin,
              "PUT",
              "/bad-lifecycle?lifecycle",
              xml,
              Map.of("Content-MD5", S3Testing.contentMd5(xml)));
      assertThat(response.statusCode()).as(xml).isEqualTo(400);
      assertThat(response.body()).as(xml).contains("<Code>MalformedXML</Code>");
    }
    assertS3Error(
        () ->
            putLifecycle(
                "bad-lifecycle",
                List.of(
                    base.copy().expiration(LifecycleExpiration.builder().days(0).build()).build())),
        "InvalidArgument",
        400);
    assertS3Error(
        () ->
            putLifecycle(
                "bad-lifecycle",
                List.of(
                    base.copy().expiration(LifecycleExpiration.builder().days(1).build()).build(),
                    base.copy().expiration(LifecycleExpiration.builder().days(2).build()).build())),
        "InvalidArgument",
        400);
    assertS3Error(
        () -> putLifecycle("bad-lifecycle", List.of(base.copy().build())), "InvalidRequest", 400);
    assertS3Error(
        () -> putLifecycle("no-such-bucket-lc", List.of(base.copy().build())), "NoSuchBucket", 404);
  }

  private static void putLifecycle(String bucket, List<LifecycleRule> rules) {
    s3.putBucketLifecycleConfiguration(
        r ->
            r.bucket(bucket)
                .lifecycleConfiguration(
                    BucketLifecycleConfiguration.builder().rules(rules).build()));
  }

  @Test
  void notificationConfigurationWithALambdaTargetRoundTrips() {
    s3.createBucket(r -> r.bucket("notify-bucket"));
    assertThat(
            s3.getBucketNotificationConfiguration(r -> r.bucket("notify-bucket"))
                .lambdaFunctionConfigurations())
        .isEmpty();
    String arn = "arn:aws:lambda:us-east-1:000000000000:function:on-upload";
    s3.putBucketNotificationConfiguration(
        r ->
            r.bucket("notify-bucket")
                .notificationConfiguration(
                    n ->
                        n.lambdaFunctionConfigurations(
                            LambdaFunctionConfiguration.builder()
                                .id("uploads")
                                .lambdaFunctionArn(arn)
                                .events(Event.S3_OBJECT_CREATED)
                                .filter(
                                    f ->
                                        f.key(
                                            k ->
                                                k.filterRules(
                                                    fr -> fr.name("prefix").value("incoming/"))))
                                .build())));
    GetBucketNotificationConfigurationResponse got =
        s3.getBucketNotificationConfiguration(r -> r.bucket("notify-bucket"));
    assertThat(got.lambdaFunctionConfigurations())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo("uploads");
              assertThat(c.lambdaFunctionArn()).isEqualTo(arn);
              assertThat(c.eventsAsStrings()).containsExactly("s3:ObjectCreated:*");
              assertThat(c.filter().key().filterRules())
                  .singleElement()
                  .satisfies(
                      fr -> {
                        assertThat(fr.nameAsString()).isEqualToIgnoringCase("prefix");
                        assertThat(fr.value()).isEqualTo("incoming/");
                      });
            });
    assertThat(got.queueConfigurations()).isEmpty();
    assertS3Error(
        () ->
            s3.putBucketNotificationConfiguration(
                r ->
                    r.bucket("notify-bucket")
                        .notificationConfiguration(
                            n ->
                                n.lambdaFunctionConfigurations(
                                    LambdaFunctionConfiguration.builder()
                                        .lambdaFunctionArn("not-an-arn")
                                        .events(Event.S3_OBJECT_CREATED)
                                        .build()))),
        "InvalidArgument",
        400);
    // an empty configuration turns notifications off
    s3.putBucketNotificationConfiguration(
        r -> r.bucket("notify-bucket").notificationConfiguration(n -> {}));
    assertThat(
            s3.getBucketNotificationConfiguration(r -> r.bucket("notify-bucket"))
                .lambdaFunctionConfigurations())
        .isEmpty();
  }

  @Test
  void policyRoundTripsAndMalformedPoliciesAreRefused() {
    s3.createBucket(r -> r.bucket("policy-bucket"));
    assertS3Error(
        () -> s3.getBucketPolicy(r -> r.bucket("policy-bucket")), "NoSuchBucketPolicy", 404);
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::policy-bucket/*\"}]}";
    s3.putBucketPolicy(r -> r.bucket("policy-bucket").policy(policy));
    assertThat(s3.getBucketPolicy(r -> r.bucket("policy-bucket")).policy()).isEqualTo(policy);
    assertS3Error(
        () -> s3.putBucketPolicy(r -> r.bucket("policy-bucket").policy("not json")),
        "MalformedPolicy",
        400);
    s3.deleteBucketPolicy(r -> r.bucket("policy-bucket"));
    assertS3Error(
        () -> s3.getBucketPolicy(r -> r.bucket("policy-bucket")), "NoSuchBucketPolicy", 404);
  }

  @Test
  void aclsCorsAndTaggingRoundTrip() {
    s3.createBucket(r -> r.bucket("config-bucket"));
    GetBucketAclResponse acl = s3.getBucketAcl(r -> r.bucket("config-bucket"));
    assertThat(acl.owner().id()).hasSize(64);
    assertThat(acl.grants())
        .singleElement()
        .satisfies(g -> assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL));
    s3.putBucketAcl(r -> r.bucket("config-bucket").acl(BucketCannedACL.PUBLIC_READ));
    assertThat(s3.getBucketAcl(r -> r.bucket("config-bucket")).grants())
        .extracting(g -> g.permission())
        .containsExactlyInAnyOrder(Permission.FULL_CONTROL, Permission.READ);

    assertS3Error(
        () -> s3.getBucketCors(r -> r.bucket("config-bucket")), "NoSuchCORSConfiguration", 404);
    s3.putBucketCors(
        r ->
            r.bucket("config-bucket")
                .corsConfiguration(
                    c ->
                        c.corsRules(
                            CORSRule.builder()
                                .allowedMethods("GET", "PUT")
                                .allowedOrigins("https://example.com")
                                .allowedHeaders("*")
                                .maxAgeSeconds(300)
                                .build())));
    assertThat(s3.getBucketCors(r -> r.bucket("config-bucket")).corsRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.allowedMethods()).containsExactly("GET", "PUT");
              assertThat(rule.allowedOrigins()).containsExactly("https://example.com");
              assertThat(rule.maxAgeSeconds()).isEqualTo(300);
            });
    assertS3Error(
        () ->
            s3.putBucketCors(
                r ->
                    r.bucket("config-bucket")
                        .corsConfiguration(
                            c ->
                                c.corsRules(
                                    CORSRule.builder()
                                        .allowedMethods("PATCH")
                                        .allowedOrigins("*")
                                        .build()))),
        "InvalidRequest",
        400);
    s3.deleteBucketCors(r -> r.bucket("config-bucket"));
    assertS3Error(
        () -> s3.getBucketCors(r -> r.bucket("config-bucket")), "NoSuchCORSConfiguration", 404);

    assertS3Error(() -> s3.getBucketTagging(r -> r.bucket("config-bucket")), "NoSuchTagSet", 404);
    s3.putBucketTagging(
        r ->
            r.bucket("config-bucket")
                .tagging(
                    t ->
                        t.tagSet(
                            Tag.builder().key("team").value("data").build(),
                            Tag.builder().key("env").value("test").build())));
    assertThat(s3.getBucketTagging(r -> r.bucket("config-bucket")).tagSet())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactlyInAnyOrder("team=data", "env=test");
    s3.deleteBucketTagging(r -> r.bucket("config-bucket"));
    assertS3Error(() -> s3.getBucketTagging(r -> r.bucket("config-bucket")), "NoSuchTagSet", 404);
  }
}
