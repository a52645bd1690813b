package dev.basin.core.protocol.query;

import static dev.basin.core.protocol.query.QueryCodecTest.post;
import static dev.basin.core.protocol.query.QueryCodecTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.Timestamps;
import dev.basin.core.protocol.WireRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The query serialization rules the published query models rarely exercise (flattened lists and
 * maps, renamed list members and map keys, blobs, timestamp formats), on a hand-written model.
 */
class QueryShapesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ServiceModel MODEL = model();

  private final QueryCodec codec = new QueryCodec();

  private static ServiceModel model() {
    String members =
        """
        "Flat": {"shape": "FlatList", "locationName": "FlatName"},
        "FlatItems": {"shape": "FlatItemList"},
        "Named": {"shape": "NamedList", "locationName": "Renamed"},
        "Attrs": {"shape": "AttrMap"},
        "Counts": {"shape": "FlatMap"},
        "Data": {"shape": "Blob"},
        "When": {"shape": "Time"},
        "Big": {"shape": "Long"},
        "Nested": {"shape": "Node"}
        """;
    try {
      return ServiceModelLoader.parse(
          "demo",
          JSON.readTree(
              """
              {"metadata": {"protocol": "query", "apiVersion": "2020-01-01", "endpointPrefix": "demo",
                            "xmlNamespace": "urn:demo"},
               "operations": {"Op": {"name": "Op", "input": {"shape": "In"},
                                     "output": {"shape": "Out", "resultWrapper": "OpOutcome"}}},
               "shapes": {
                 "In": {"type": "structure", "members": {%s}},
                 "Out": {"type": "structure", "members": {%s,
                   "Epoch": {"shape": "Time", "timestampFormat": "unixTimestamp"},
                   "Header": {"shape": "Rfc"}}},
                 "Node": {"type": "structure", "members": {"Name": {"shape": "Str"},
                                                           "Child": {"shape": "Node"}}},
                 "FlatList": {"type": "list", "member": {"shape": "Str"}, "flattened": true},
                 "FlatItemList": {"type": "list", "member": {"shape": "Str", "locationName": "Item"},
                                  "flattened": true},
                 "NamedList": {"type": "list", "member": {"shape": "Str", "locationName": "Thing"}},
                 "AttrMap": {"type": "map", "key": {"shape": "Str", "locationName": "Name"},
                             "value": {"shape": "Str", "locationName": "Val"}},
                 "FlatMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Int"},
                             "flattened": true},
                 "Str": {"type": "string"}, "Int": {"type": "integer"}, "Long": {"type": "long"},
                 "Blob": {"type": "blob"}, "Time": {"type": "timestamp"},
                 "Rfc": {"type": "timestamp", "timestampFormat": "rfc822"}}}
              """
                  .formatted(members, members)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void decodesEveryCollectionForm() throws Exception {
    WireRequest request =
        post(
            "Action=Op&FlatName.2=b&FlatName.1=a&Item.1=x&Renamed.Thing.1=t"
                + "&Attrs.entry.1.Name=k&Attrs.entry.1.Val=v&Attrs.entry.2.Name=k2&Attrs.entry.2.Val="
                + "&Counts.1.key=n&Counts.1.value=3&Data=aGk%3D&When=2024-01-02T03%3A04%3A05.250Z"
                + "&Big=9000000000&Nested.Name=a&Nested.Child.Name=b&Nested.Child.Child.Name=c");

    ObjectNode input = codec.decodeInput(MODEL, codec.resolveOperation(MODEL, request), request);

    ObjectNode expected =
        (ObjectNode)
            JSON.readTree(
                """
                {"Flat": ["a", "b"], "FlatItems": ["x"], "Named": ["t"],
                 "Attrs": {"k": "v", "k2": ""}, "Counts": {"n": 3}, "Big": 9000000000,
                 "Nested": {"Name": "a", "Child": {"Name": "b", "Child": {"Name": "c"}}}}
                """);
    expected.set("Data", BinaryNode.valueOf("hi".getBytes(StandardCharsets.UTF_8)));
    expected.set("When", Timestamps.node(Instant.parse("2024-01-02T03:04:05.250Z")));
    assertThat(input).isEqualTo(expected);
  }

  @Test
  void encodesEveryCollectionForm() throws Exception {
    ObjectNode output =
        (ObjectNode)
            JSON.readTree(
                """
                {"Flat": ["a", "b"], "FlatItems": ["x"], "Named": ["t"],
                 "Attrs": {"k": "v"}, "Counts": {"n": 3}, "Big": 9000000000,
                 "When": 1704164645.25, "Epoch": 1704164645.25, "Header": "2024-01-02T03:04:05Z",
                 "Nested": {"Name": "a", "Child": {"Name": "<b>"}}}
                """);
    output.set("Data", BinaryNode.valueOf("hi".getBytes(StandardCharsets.UTF_8)));

    String xml =
        text(
            codec.encodeOutput(
                MODEL, MODEL.operation("Op").orElseThrow(), output, new ResponseMeta("r", false)));

    assertThat(xml)
        .isEqualTo(
            "<OpResponse xmlns=\"urn:demo\"><OpOutcome>"
                + "<FlatName>a</FlatName><FlatName>b</FlatName>"
                + "<Item>x</Item>"
                + "<Renamed><Thing>t</Thing></Renamed>"
                + "<Attrs><entry><Name>k</Name><Val>v</Val></entry></Attrs>"
                + "<Counts><key>n</key><value>3</value></Counts>"
                + "<Data>aGk=</Data>"
                + "<When>2024-01-02T03:04:05.250Z</When>"
                + "<Big>9000000000</Big>"
                + "<Nested><Name>a</Name><Child><Name>&lt;b&gt;</Name></Child></Nested>"
                + "<Epoch>1704164645.25</Epoch>"
                + "<Header>Tue, 02 Jan 2024 03:04:05 GMT</Header>"
                + "</OpOutcome><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                + "</OpResponse>");
  }

  @Test
  void textIsEscapedAndEncodedAsUtf8() throws Exception {
    ObjectNode output = JSON.createObjectNode();
    output.putObject("Nested").put("Name", "a&b \"q\" \r\n é 😀 \u0001");

    String xml =
        text(
            codec.encodeOutput(
                MODEL, MODEL.operation("Op").orElseThrow(), output, new ResponseMeta("r", false)));

    assertThat(xml).contains("<Name>a&amp;b \"q\" &#xD;\n é 😀 \uFFFD</Name>");
  }
}
