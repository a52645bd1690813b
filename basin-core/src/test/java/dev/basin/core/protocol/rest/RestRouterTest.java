package dev.basin.core.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.model.OperationModel;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.WireRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RestRouterTest {
  private static ServiceModel s3;
  private static ServiceModel lambda;
  private final RestXmlCodec xml = new RestXmlCodec();
  private final RestJsonCodec json = new RestJsonCodec();

  @BeforeAll
  static void models() throws Exception {
    s3 = new ServiceModelLoader().load("s3");
    lambda = new ServiceModelLoader().load("lambda");
  }

  private static WireRequest request(String method, String uri, String... headerPairs) {
    Headers headers = new Headers();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return WireRequest.of(method, uri, headers, RequestBody.EMPTY, "127.0.0.1");
  }

  private String s3(String method, String uri, String... headers) {
    return xml.resolveOperation(s3, request(method, uri, headers)).name();
  }

  @Test
  void literalQueryKeysMakeBucketOperationsMoreSpecific() {
    assertThat(s3("GET", "/b")).isEqualTo("ListObjects");
    assertThat(s3("GET", "/b/")).isEqualTo("ListObjects");
    assertThat(s3("GET", "/b?list-type=2&prefix=a")).isEqualTo("ListObjectsV2");
    assertThat(s3("GET", "/b?list-type=1")).isEqualTo("ListObjects");
    assertThat(s3("GET", "/b?versions")).isEqualTo("ListObjectVersions");
    assertThat(s3("GET", "/b?location")).isEqualTo("GetBucketLocation");
    assertThat(s3("GET", "/b?uploads")).isEqualTo("ListMultipartUploads");
    assertThat(s3("POST", "/b?delete")).isEqualTo("DeleteObjects");
    assertThat(s3("PUT", "/b")).isEqualTo("CreateBucket");
    assertThat(s3("PUT", "/b?versioning")).isEqualTo("PutBucketVersioning");
    assertThat(s3("GET", "/")).isEqualTo("ListBuckets");
    assertThat(s3("HEAD", "/b")).isEqualTo("HeadBucket");
    assertThat(s3("GET", "/b?lifecycle")).isEqualTo("GetBucketLifecycleConfiguration");
  }

  @Test
  void requiredHeadersAndQueryMembersTellSharedTemplatesApart() {
    assertThat(s3("PUT", "/b/k")).isEqualTo("PutObject");
    assertThat(s3("PUT", "/b/k", "x-amz-copy-source", "/src/k")).isEqualTo("CopyObject");
    assertThat(s3("PUT", "/b/k?uploadId=u1&partNumber=1")).isEqualTo("UploadPart");
    assertThat(s3("PUT", "/b/k?partNumber=1&uploadId=u1", "x-amz-copy-source", "/s/k"))
        .isEqualTo("UploadPartCopy");
    assertThat(s3("GET", "/b/k")).isEqualTo("GetObject");
    assertThat(s3("GET", "/b/k?uploadId=u1")).isEqualTo("ListParts");
    assertThat(s3("DELETE", "/b/k")).isEqualTo("DeleteObject");
    assertThat(s3("DELETE", "/b/k?uploadId=u1")).isEqualTo("AbortMultipartUpload");
    assertThat(s3("POST", "/b/k?uploads")).isEqualTo("CreateMultipartUpload");
    assertThat(s3("POST", "/b/k?uploadId=u1")).isEqualTo("CompleteMultipartUpload");
    assertThat(s3("GET", "/b?analytics")).isEqualTo("ListBucketAnalyticsConfigurations");
    assertThat(s3("GET", "/b?analytics&id=x")).isEqualTo("GetBucketAnalyticsConfiguration");
    assertThat(s3("PUT", "/b/k?x-id=PutObject", "x-amz-copy-source", "/s/k"))
        .isEqualTo("PutObject");
  }

  @Test
  void greedyKeysKeepEveryCharacterDecodedOnce() {
    var op = s3.operation("GetObject").orElseThrow();
    var decoded = xml.decodeInput(s3, op, request("GET", "/b/a%2Bb+c//d%20e/%2541/"));
    assertThat(decoded.get("Bucket").asText()).isEqualTo("b");
    assertThat(decoded.get("Key").asText()).isEqualTo("a+b+c//d e/%41/");
    assertThat(s3("GET", "/b//")).isEqualTo("GetObject");
  }

  @Test
  void virtualHostedStyleNamesTheBucketInTheHost() {
    for (String host :
        new String[] {
          "bkt.s3.localhost:4566",
          "bkt.localhost:4566",
          "bkt.s3.amazonaws.com",
          "bkt.s3.eu-west-1.amazonaws.com"
        }) {
      assertThat(s3("GET", "/dir/key.txt", "Host", host)).as(host).isEqualTo("GetObject");
      var input =
          xml.decodeInput(
              s3,
              s3.operation("GetObject").orElseThrow(),
              request("GET", "/dir/key.txt", "Host", host));
      assertThat(input.get("Bucket").asText()).as(host).isEqualTo("bkt");
      assertThat(input.get("Key").asText()).as(host).isEqualTo("dir/key.txt");
      assertThat(s3("GET", "/?list-type=2", "Host", host)).as(host).isEqualTo("ListObjectsV2");
    }
    assertThat(s3("GET", "/", "Host", "s3.localhost:4566")).isEqualTo("ListBuckets");
    assertThat(s3("GET", "/", "Host", "localhost:4566")).isEqualTo("ListBuckets");
    assertThat(s3("GET", "/", "Host", "127.0.0.1:4566")).isEqualTo("ListBuckets");
  }

  @Test
  void unknownRoutesAnswerTheProtocolsError() {
    assertThatThrownBy(() -> s3("PATCH", "/b"))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("MethodNotAllowed");
              assertThat(e.status()).isEqualTo(405);
            });
    assertThatThrownBy(() -> json.resolveOperation(lambda, request("GET", "/nope/x")))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("UnknownOperationException");
              assertThat(e.status()).isEqualTo(404);
            });
  }

  @Test
  void lambdaTemplatesPreferLiteralSegmentsAndIgnoreTrailingSlash() {
    assertThat(lambdaOp("GET", "/2015-03-31/functions/")).isEqualTo("ListFunctions");
    assertThat(lambdaOp("GET", "/2015-03-31/functions")).isEqualTo("ListFunctions");
    assertThat(lambdaOp("POST", "/2015-03-31/functions")).isEqualTo("CreateFunction");
    assertThat(lambdaOp("GET", "/2015-03-31/functions/f")).isEqualTo("GetFunction");
    assertThat(lambdaOp("GET", "/2015-03-31/functions/f/configuration"))
        .isEqualTo("GetFunctionConfiguration");
    assertThat(lambdaOp("POST", "/2015-03-31/functions/f/invocations")).isEqualTo("Invoke");
    assertThat(lambdaOp("GET", "/2019-09-30/functions/f/provisioned-concurrency?List=ALL"))
        .isEqualTo("ListProvisionedConcurrencyConfigs");
    assertThat(lambdaOp("GET", "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1"))
        .isEqualTo("GetProvisionedConcurrencyConfig");
    assertThat(lambdaOp("GET", "/2018-10-31/layers?find=LayerVersion&Arn=x"))
        .isEqualTo("GetLayerVersionByArn");
    assertThat(lambdaOp("GET", "/2018-10-31/layers")).isEqualTo("ListLayers");
    OperationModel tags = lambda.operation("ListTags").orElseThrow();
    var input =
        json.decodeInput(
            lambda,
            tags,
            request("GET", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af"));
    assertThat(input.get("Resource").asText()).isEqualTo("arn:aws:lambda:us-east-1:1:function:f");
  }

  private String lambdaOp(String method, String uri) {
    return json.resolveOperation(lambda, request(method, uri)).name();
  }
}
