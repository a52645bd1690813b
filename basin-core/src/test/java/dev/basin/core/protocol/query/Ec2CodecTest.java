package dev.basin.core.protocol.query;

import static dev.basin.core.protocol.query.QueryCodecTest.post;
import static dev.basin.core.protocol.query.QueryCodecTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import org.junit.jupiter.api.Test;

/** Decoding, errors and the wire layout of the EC2 codec, without a client. */
class Ec2CodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ServiceModel EC2 = new ServiceModelLoader().load("ec2");
  private static final ResponseMeta META = new ResponseMeta("req-9", false);

  private final Ec2Codec codec = new Ec2Codec();

  private ObjectNode decode(ServiceModel service, WireRequest request) {
    return codec.decodeInput(service, codec.resolveOperation(service, request), request);
  }

  @Test
  void parameterNamesComeFromQueryNameThenCapitalisedLocationName() throws Exception {
    ServiceModel model =
        ServiceModelLoader.parse(
            "demo-ec2",
            JSON.readTree(
                """
                {"metadata": {"protocol": "ec2", "apiVersion": "2016-11-15", "endpointPrefix": "ec2"},
                 "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
                 "shapes": {
                   "In": {"type": "structure", "members": {
                     "Ids": {"shape": "Ids", "locationName": "instanceId", "queryName": "InstanceId"},
                     "DryRun": {"shape": "Bool", "locationName": "dryRun"},
                     "Plain": {"shape": "Str"},
                     "Items": {"shape": "Ids", "locationName": "item"}}},
                   "Ids": {"type": "list", "member": {"shape": "Str", "locationName": "item"}},
                   "Bool": {"type": "boolean"},
                   "Str": {"type": "string"}}}
                """));

    ObjectNode input =
        decode(
            model,
            post(
                "Action=Op&Version=2016-11-15&InstanceId.1=i-1&InstanceId.2=i-2&DryRun=false"
                    + "&Plain=p&Item.1=x&instanceId.1=ignored"));

    assertThat(input)
        .isEqualTo(
            JSON.readTree(
                """
                {"Ids": ["i-1", "i-2"], "DryRun": false, "Plain": "p", "Items": ["x"]}
                """));
  }

  @Test
  void describeRegionsAsTheDocumentationShowsIt() throws Exception {
    ObjectNode input =
        decode(
            EC2,
            post(
                "Action=DescribeRegions&Version=2016-11-15&RegionName.1=us-east-1"
                    + "&Filter.1.Name=region-name&Filter.1.Value.1=us-east-1&Filter.1.Value.2=eu-west-1"
                    + "&AllRegions=true"));

    assertThat(input)
        .isEqualTo(
            JSON.readTree(
                """
                {"RegionNames": ["us-east-1"],
                 "Filters": [{"Name": "region-name", "Values": ["us-east-1", "eu-west-1"]}],
                 "AllRegions": true}
                """));
  }

  @Test
  void olderApiVersionsAreAccepted() {
    assertThat(
            codec.resolveOperation(EC2, post("Action=DescribeRegions&Version=2014-10-01")).name())
        .isEqualTo("DescribeRegions");
  }

  @Test
  void unknownAndUnservedActions() {
    AwsException unknown =
        catchThrowableOfType(
            AwsException.class,
            () -> codec.resolveOperation(EC2, post("Action=DescribeUnicorns&Version=2016-11-15")));
    AwsException unserved =
        catchThrowableOfType(
            AwsException.class,
            () -> codec.resolveOperation(EC2, post("Action=RunInstances&Version=2016-11-15")));
    AwsException missing =
        catchThrowableOfType(
            AwsException.class, () -> codec.resolveOperation(EC2, post("Version=2016-11-15")));

    assertThat(unknown.code()).isEqualTo("InvalidAction");
    assertThat(unknown.getMessage())
        .isEqualTo("The action DescribeUnicorns is not valid for this web service.");
    assertThat(unserved.code()).isEqualTo("NotImplemented");
    assertThat(unserved.status()).isEqualTo(501);
    assertThat(missing.code()).isEqualTo("MissingAction");
  }

  @Test
  void malformedBooleanIsInvalidParameterValue() {
    AwsException error =
        catchThrowableOfType(
            AwsException.class,
            () -> decode(EC2, post("Action=DescribeRegions&Version=2016-11-15&AllRegions=yes")));

    assertThat(error.code()).isEqualTo("InvalidParameterValue");
    assertThat(error.getMessage()).contains("AllRegions").contains("'yes'");
  }

  @Test
  void describeRegionsResponseLayout() throws Exception {
    WireResponse response =
        codec.encodeOutput(
            EC2,
            EC2.operation("DescribeRegions").orElseThrow(),
            JSON.readTree(
                """
                {"Regions": [{"RegionName": "us-east-1", "Endpoint": "ec2.us-east-1.amazonaws.com"}]}
                """),
            META);

    assertThat(response.headers().get("Content-Type")).isEqualTo("text/xml;charset=UTF-8");
    assertThat(text(response))
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<DescribeRegionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>req-9</requestId><regionInfo><item>"
                + "<regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint>"
                + "<regionName>us-east-1</regionName></item></regionInfo>"
                + "</DescribeRegionsResponse>");
  }

  @Test
  void errorLayout() {
    WireResponse response =
        codec.encodeError(
            EC2,
            null,
            new AwsException("InvalidAction", 400, "The action X is not valid & so on"),
            META);

    assertThat(response.status()).isEqualTo(400);
    assertThat(text(response))
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Response><Errors><Error><Code>InvalidAction</Code>"
                + "<Message>The action X is not valid &amp; so on</Message></Error></Errors>"
                + "<RequestID>req-9</RequestID></Response>");
  }
}
