package dev.basin.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.gateway.RequestRecord;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.RequestBody;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CloudTrailRecordBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ServiceModelLoader MODELS = new ServiceModelLoader();
  private static final Instant TIME = Instant.parse("2024-05-06T07:08:09.123Z");

  private static RequestRecord request(
      ServiceModel model, String operation, Caller caller, JsonNode input, JsonNode output) {
    return new RequestRecord(
        "REQ1",
        TIME,
        model.id(),
        operation,
        "eu-west-1",
        200,
        null,
        null,
        1000,
        "10.0.0.7",
        "aws-cli/2",
        "AKIDEXAMPLE",
        caller,
        model,
        model.operation(operation).orElseThrow(),
        input,
        output);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void s3PutObjectIsADataEventWithBucketNameAndNoBody() throws Exception {
    ServiceModel s3 = MODELS.load("s3");
    ObjectNode input = (ObjectNode) json("{\"Bucket\":\"b1\",\"Key\":\"a/b.txt\"}");
    input.set("Body", new POJONode(RequestBody.of(new byte[] {1, 2, 3})));
    CloudTrailEvent event =
        CloudTrailRecordBuilder.build(
            request(s3, "PutObject", Caller.root("123456789012"), input, json("{\"ETag\":\"x\"}")));

    JsonNode record = json(event.json());
    assertThat(record.path("eventSource").asText()).isEqualTo("s3.amazonaws.com");
    assertThat(record.path("eventCategory").asText()).isEqualTo("Data");
    assertThat(record.path("managementEvent").asBoolean(true)).isFalse();
    assertThat(record.path("readOnly").asBoolean(true)).isFalse();
    assertThat(record.path("eventTime").asText()).isEqualTo("2024-05-06T07:08:09Z");
    assertThat(record.path("requestParameters").path("bucketName").asText()).isEqualTo("b1");
    assertThat(record.path("requestParameters").path("key").asText()).isEqualTo("a/b.txt");
    assertThat(record.path("requestParameters").has("body")).isFalse();
    assertThat(record.path("responseElements").path("eTag").asText()).isEqualTo("x");
    assertThat(record.path("userIdentity").path("type").asText()).isEqualTo("Root");
    assertThat(record.path("userIdentity").path("accessKeyId").asText()).isEqualTo("AKIDEXAMPLE");
    assertThat(record.path("resources").findValuesAsText("ARN"))
        .containsExactly("arn:aws:s3:::b1/a/b.txt", "arn:aws:s3:::b1");
    assertThat(event.management()).isFalse();
    assertThat(event.dataResourceArn()).isEqualTo("arn:aws:s3:::b1/a/b.txt");
    assertThat(event.username()).isEqualTo("root");
  }

  @Test
  void createBucketIsAManagementEventNamingTheBucket() throws Exception {
    ServiceModel s3 = MODELS.load("s3");
    CloudTrailEvent event =
        CloudTrailRecordBuilder.build(
            request(
                s3,
                "CreateBucket",
                Caller.root("123456789012"),
                json("{\"Bucket\":\"b1\"}"),
                json("{\"Location\":\"/b1\"}")));
    assertThat(event.management()).isTrue();
    assertThat(event.readOnly()).isFalse();
    assertThat(event.resources())
        .containsExactly(new CloudTrailEvent.Resource("AWS::S3::Bucket", "b1"));
    JsonNode record = json(event.json());
    assertThat(record.path("eventCategory").asText()).isEqualTo("Management");
    assertThat(record.path("recipientAccountId").asText()).isEqualTo("123456789012");
    assertThat(record.path("awsRegion").asText()).isEqualTo("eu-west-1");
    assertThat(record.path("sourceIPAddress").asText()).isEqualTo("10.0.0.7");
    assertThat(record.path("eventType").asText()).isEqualTo("AwsApiCall");
    assertThat(record.path("eventVersion").asText()).isEqualTo("1.09");
  }

  @Test
  void readOnlyCallsHaveNoResponseElements() throws Exception {
    ServiceModel sts = MODELS.load("sts");
    CloudTrailEvent event =
        CloudTrailRecordBuilder.build(
            request(
                sts,
                "GetCallerIdentity",
                Caller.root("123456789012"),
                json("{}"),
                json("{\"Account\":\"123456789012\",\"Arn\":\"arn\",\"UserId\":\"u\"}")));
    JsonNode record = json(event.json());
    assertThat(event.readOnly()).isTrue();
    assertThat(record.path("readOnly").asBoolean()).isTrue();
    assertThat(record.get("responseElements").isNull()).isTrue();
    assertThat(record.get("requestParameters").isNull()).isTrue();
    assertThat(record.path("eventSource").asText()).isEqualTo("sts.amazonaws.com");
  }

  @Test
  void secretsAndSensitiveShapesAreNeverRecorded() throws Exception {
    ServiceModel sts = MODELS.load("sts");
    Caller role =
        new Caller(
            CallerType.ASSUMED_ROLE,
            "123456789012",
            "arn:aws:sts::123456789012:assumed-role/Admin/alice",
            "AROAEXAMPLE:alice",
            "Admin");
    JsonNode output =
        json(
            "{\"Credentials\":{\"AccessKeyId\":\"ASIAX\",\"SecretAccessKey\":\"s3cr3tValue\","
                + "\"SessionToken\":\"t0kenValue\",\"Expiration\":1700000000},"
                + "\"AssumedRoleUser\":{\"Arn\":\"arn:x\",\"AssumedRoleId\":\"AROA:s\"}}");
    CloudTrailEvent event =
        CloudTrailRecordBuilder.build(
            request(
                sts,
                "AssumeRole",
                role,
                json(
                    "{\"RoleArn\":\"arn:aws:iam::123456789012:role/R\",\"RoleSessionName\":\"s\","
                        + "\"SerialNumber\":\"mfa\",\"TokenCode\":\"123456\"}"),
                output));
    assertThat(event.json()).doesNotContain("s3cr3tValue").doesNotContain("t0kenValue");
    JsonNode record = json(event.json());
    JsonNode credentials = record.path("responseElements").path("credentials");
    assertThat(credentials.path("accessKeyId").asText()).isEqualTo("ASIAX");
    assertThat(credentials.path("expiration").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(record.path("requestParameters").path("roleArn").asText())
        .isEqualTo("arn:aws:iam::123456789012:role/R");
    JsonNode identity = record.path("userIdentity");
    assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
    assertThat(identity.path("sessionContext").path("sessionIssuer").path("arn").asText())
        .isEqualTo("arn:aws:iam::123456789012:role/Admin");
    assertThat(event.username()).isEqualTo("alice");
    assertThat(event.resources())
        .containsExactly(
            new CloudTrailEvent.Resource("AWS::IAM::Role", "arn:aws:iam::123456789012:role/R"));
  }

  @Test
  void sensitiveShapesAreHidden() throws Exception {
    // A hand-written model: the member's shape is marked sensitive, as IAM's passwordType is.
    ServiceModel model =
        ServiceModelLoader.parse(
            "iam",
            json(
                """
                {"metadata":{"protocol":"query","endpointPrefix":"iam","apiVersion":"2010-05-08"},
                 "operations":{"CreateLoginProfile":{"name":"CreateLoginProfile",
                   "input":{"shape":"In"}}},
                 "shapes":{
                   "In":{"type":"structure","members":{
                     "UserName":{"shape":"name"},"Pin":{"shape":"pin"},
                     "Blob":{"shape":"bytes"},"Tags":{"shape":"tags"}}},
                   "name":{"type":"string"},
                   "pin":{"type":"string","sensitive":true},
                   "bytes":{"type":"blob"},
                   "tags":{"type":"list","member":{"shape":"tag"}},
                   "tag":{"type":"structure","members":{"Key":{"shape":"name"},
                     "Value":{"shape":"pin"}}}}}
                """));
    ObjectNode input =
        (ObjectNode)
            json(
                "{\"UserName\":\"bob\",\"Pin\":\"9999\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
    input.put("Blob", new byte[] {1, 2});
    CloudTrailEvent event =
        CloudTrailRecordBuilder.build(
            request(model, "CreateLoginProfile", Caller.root("123456789012"), input, null));
    JsonNode parameters = json(event.json()).path("requestParameters");
    assertThat(parameters.path("userName").asText()).isEqualTo("bob");
    assertThat(parameters.path("pin").asText()).isEqualTo(CloudTrailRecordBuilder.HIDDEN);
    assertThat(parameters.path("tags").get(0).path("key").asText()).isEqualTo("k");
    assertThat(parameters.path("tags").get(0).path("value").asText())
        .isEqualTo(CloudTrailRecordBuilder.HIDDEN);
    assertThat(parameters.has("blob")).isFalse();
    assertThat(event.json()).doesNotContain("9999");
    assertThat(event.resources())
        .containsExactly(new CloudTrailEvent.Resource("AWS::IAM::User", "bob"));
  }

  @Test
  void failuresCarryTheErrorAndNoResponse() throws Exception {
    ServiceModel s3 = MODELS.load("s3");
    RequestRecord ok =
        request(s3, "DeleteBucket", Caller.root("123456789012"), json("{\"Bucket\":\"b\"}"), null);
    RequestRecord failed =
        new RequestRecord(
            ok.requestId(),
            ok.time(),
            ok.service(),
            ok.operation(),
            ok.region(),
            409,
            "BucketNotEmpty",
            "The bucket you tried to delete is not empty",
            0,
            ok.remoteAddress(),
            ok.userAgent(),
            ok.accessKeyId(),
            ok.caller(),
            ok.serviceModel(),
            ok.operationModel(),
            ok.input(),
            null);
    JsonNode record = json(CloudTrailRecordBuilder.build(failed).json());
    assertThat(record.path("errorCode").asText()).isEqualTo("BucketNotEmpty");
    assertThat(record.path("errorMessage").asText()).contains("not empty");
    assertThat(record.get("responseElements").isNull()).isTrue();
  }

  @Test
  void readOnlyAndCategoryRules() {
    assertThat(CloudTrailRecordBuilder.readOnly("GetObject")).isTrue();
    assertThat(CloudTrailRecordBuilder.readOnly("ListBuckets")).isTrue();
    assertThat(CloudTrailRecordBuilder.readOnly("DescribeTable")).isTrue();
    assertThat(CloudTrailRecordBuilder.readOnly("HeadObject")).isTrue();
    assertThat(CloudTrailRecordBuilder.readOnly("LookupEvents")).isTrue();
    assertThat(CloudTrailRecordBuilder.readOnly("Query")).isTrue();
    assertThat(CloudTrailRecordBuilder.readOnly("Scan")).isTrue();
    assertThat(CloudTrailRecordBuilder.readOnly("BatchGetItem")).isTrue();
    assertThat(CloudTrailRecordBuilder.readOnly("PutObject")).isFalse();
    assertThat(CloudTrailRecordBuilder.readOnly("CreateBucket")).isFalse();
    assertThat(CloudTrailRecordBuilder.readOnly("BatchWriteItem")).isFalse();
    assertThat(CloudTrailRecordBuilder.readOnly("Getaway")).isFalse();

    assertThat(CloudTrailRecordBuilder.dataEvent("s3", "GetObject")).isTrue();
    assertThat(CloudTrailRecordBuilder.dataEvent("s3", "DeleteObjects")).isTrue();
    assertThat(CloudTrailRecordBuilder.dataEvent("s3", "PutObjectTagging")).isTrue();
    assertThat(CloudTrailRecordBuilder.dataEvent("s3", "UploadPart")).isTrue();
    assertThat(CloudTrailRecordBuilder.dataEvent("s3", "CompleteMultipartUpload")).isTrue();
    assertThat(CloudTrailRecordBuilder.dataEvent("s3", "CreateBucket")).isFalse();
    assertThat(CloudTrailRecordBuilder.dataEvent("s3", "PutBucketPolicy")).isFalse();
    assertThat(CloudTrailRecordBuilder.dataEvent("s3", "PutObjectLockConfiguration")).isFalse();
    assertThat(CloudTrailRecordBuilder.dataEvent("dynamodb", "PutItem")).isTrue();
    assertThat(CloudTrailRecordBuilder.dataEvent("dynamodb", "Query")).isTrue();
    assertThat(CloudTrailRecordBuilder.dataEvent("dynamodb", "CreateTable")).isFalse();
    assertThat(CloudTrailRecordBuilder.dataEvent("iam", "CreateUser")).isFalse();
  }

  @Test
  void unidentifiedCallersAreNotRecorded() throws Exception {
    ServiceModel s3 = MODELS.load("s3");
    RequestRecord anonymous =
        request(s3, "GetObject", Caller.anonymous("123456789012"), json("{}"), null);
    assertThat(CloudTrailRecordBuilder.recordable(anonymous)).isFalse();
    RequestRecord root = request(s3, "GetObject", Caller.root("123456789012"), json("{}"), null);
    assertThat(CloudTrailRecordBuilder.recordable(root)).isTrue();
  }
}
