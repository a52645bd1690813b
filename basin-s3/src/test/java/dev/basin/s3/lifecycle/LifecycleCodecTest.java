package dev.basin.s3.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.protocol.AwsException;
import dev.basin.s3.lifecycle.LifecycleConfiguration.FilterForm;
import dev.basin.s3.lifecycle.LifecycleConfiguration.Rule;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LifecycleCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LifecycleCodec codec = new LifecycleCodec(() -> "generated-id");

  /** The seed's configuration, as the aws CLI sends it. */
  static final String SEED =
      """
      {"Rules": [{
        "ID": "MoveToGlacierAfter30Days_DeleteAfter90Days",
        "Filter": {"Prefix": ""},
        "Status": "Enabled",
        "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}],
        "Expiration": {"Days": 90}
      }]}
      """;

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void seedRoundTrips() {
    LifecycleConfiguration config = codec.parse(json(SEED));
    Rule rule = config.rules().get(0);
    assertThat(rule.id()).isEqualTo("MoveToGlacierAfter30Days_DeleteAfter90Days");
    assertThat(rule.enabled()).isTrue();
    assertThat(rule.filter().form()).isEqualTo(FilterForm.PREFIX);
    assertThat(rule.filter().prefix()).isEmpty();
    assertThat(rule.transitions())
        .containsExactly(new LifecycleConfiguration.Transition(30, null, "GLACIER"));
    assertThat(rule.expiration()).isEqualTo(new LifecycleConfiguration.Expiration(90, null, null));
    assertThat(LifecycleCodec.toValue(config)).isEqualTo(json(SEED));
    assertThat(LifecycleCodec.toValue(config).toString())
        .isEqualTo(
            "{\"Rules\":[{\"Expiration\":{\"Days\":90},\"ID\":\"MoveToGlacierAfter30Days_DeleteAfter90Days\","
                + "\"Filter\":{\"Prefix\":\"\"},\"Status\":\"Enabled\","
                + "\"Transitions\":[{\"Days\":30,\"StorageClass\":\"GLACIER\"}]}]}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'Rules':[{'ID':'a','Prefix':'logs/','Status':'Disabled','Expiration':{'Days':1}}]}",
        "{'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'ExpiredObjectDeleteMarker':true}}]}",
        "{'Rules':[{'ID':'a','Filter':{'Tag':{'Key':'k','Value':'v'}},'Status':'Enabled','Expiration':{'Date':1735689600}}]}",
        "{'Rules':[{'ID':'a','Filter':{'ObjectSizeGreaterThan':1024},'Status':'Enabled','Transitions':[{'Days':0,'StorageClass':'GLACIER_IR'}]}]}",
        "{'Rules':[{'ID':'a','Filter':{'ObjectSizeLessThan':1024},'Status':'Enabled','Expiration':{'Days':3}}]}",
        "{'Rules':[{'ID':'a','Filter':{'And':{'Prefix':'p/','Tags':[{'Key':'b','Value':'1'},{'Key':'a','Value':'2'}],'ObjectSizeGreaterThan':5,'ObjectSizeLessThan':10}},'Status':'Enabled','Expiration':{'Days':3}}]}",
        "{'Rules':[{'ID':'a','Filter':{'Prefix':'x'},'Status':'Enabled','Transitions':[{'Days':30,'StorageClass':'STANDARD_IA'},{'Days':60,'StorageClass':'GLACIER'},{'Days':180,'StorageClass':'DEEP_ARCHIVE'}],'Expiration':{'Days':365}}]}",
        "{'Rules':[{'ID':'a','Filter':{'Prefix':''},'Status':'Enabled','NoncurrentVersionTransitions':[{'NoncurrentDays':30,'StorageClass':'STANDARD_IA','NewerNoncurrentVersions':2}],'NoncurrentVersionExpiration':{'NoncurrentDays':60,'NewerNoncurrentVersions':5},'AbortIncompleteMultipartUpload':{'DaysAfterInitiation':7}}]}",
        "{'Rules':[{'ID':'a','Filter':{'Prefix':'a'},'Status':'Enabled','Expiration':{'Days':1}},{'ID':'b','Filter':{'Prefix':'a'},'Status':'Enabled','Expiration':{'Days':2}}]}"
      })
  void validConfigurationsRoundTrip(String text) {
    JsonNode value = json(text);
    LifecycleConfiguration parsed = codec.parse(value);
    JsonNode written = LifecycleCodec.toValue(parsed);
    assertThat(sameJson(written, value)).as("%s vs %s", written, value).isTrue();
    assertThat(codec.parse(written)).isEqualTo(parsed);
  }

  /** Equal as JSON, numbers compared by value (the value form may widen ints or add a scale). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return a.equals(
        (x, y) -> {
          if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
          }
          return x.equals(y) ? 0 : 1;
        },
        b);
  }

  @Test
  void generatesMissingIds() {
    LifecycleConfiguration config =
        codec.parse(json("{'Rules':[{'Filter':{},'Status':'Enabled','Expiration':{'Days':1}}]}"));
    assertThat(config.rules().get(0).id()).isEqualTo("generated-id");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no rules | {'Rules':[]} | MalformedXML",
        "no Rules member | {} | MalformedXML",
        "no status | {'Rules':[{'ID':'a','Filter':{},'Expiration':{'Days':1}}]} | MalformedXML",
        "bad status | {'Rules':[{'ID':'a','Filter':{},'Status':'On','Expiration':{'Days':1}}]} | MalformedXML",
        "neither Filter nor Prefix | {'Rules':[{'ID':'a','Status':'Enabled','Expiration':{'Days':1}}]} | MalformedXML",
        "Filter and Prefix | {'Rules':[{'ID':'a','Prefix':'','Filter':{},'Status':'Enabled','Expiration':{'Days':1}}]} | MalformedXML",
        "two predicates | {'Rules':[{'ID':'a','Filter':{'Prefix':'a','Tag':{'Key':'k','Value':'v'}},'Status':'Enabled','Expiration':{'Days':1}}]} | MalformedXML",
        "empty And | {'Rules':[{'ID':'a','Filter':{'And':{}},'Status':'Enabled','Expiration':{'Days':1}}]} | MalformedXML",
        "tag without value | {'Rules':[{'ID':'a','Filter':{'Tag':{'Key':'k'}},'Status':'Enabled','Expiration':{'Days':1}}]} | MalformedXML",
        "duplicate tag keys | {'Rules':[{'ID':'a','Filter':{'And':{'Tags':[{'Key':'k','Value':'1'},{'Key':'k','Value':'2'}]}},'Status':'Enabled','Expiration':{'Days':1}}]} | InvalidRequest",
        "size bounds crossed | {'Rules':[{'ID':'a','Filter':{'And':{'ObjectSizeGreaterThan':10,'ObjectSizeLessThan':10}},'Status':'Enabled','Expiration':{'Days':1}}]} | InvalidArgument",
        "no action | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled'}]} | InvalidRequest",
        "duplicate IDs | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Days':1}},{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Days':2}}]} | InvalidArgument",
        "expiration days 0 | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Days':0}}]} | InvalidArgument",
        "expiration days and date | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Days':1,'Date':1735689600}}]} | MalformedXML",
        "marker with days | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Days':1,'ExpiredObjectDeleteMarker':true}}]} | MalformedXML",
        "empty expiration | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{}}]} | MalformedXML",
        "date not midnight | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Date':1735693200}}]} | InvalidArgument",
        "transition negative | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':-1,'StorageClass':'GLACIER'}]}]} | InvalidArgument",
        "IA under 30 | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':29,'StorageClass':'STANDARD_IA'}]}]} | InvalidArgument",
        "one zone under 30 | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':1,'StorageClass':'ONEZONE_IA'}]}]} | InvalidArgument",
        "unknown class | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':1,'StorageClass':'STANDARD'}]}]} | MalformedXML",
        "transition without timing | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'StorageClass':'GLACIER'}]}]} | MalformedXML",
        "same class twice | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':1,'StorageClass':'GLACIER'},{'Days':2,'StorageClass':'GLACIER'}]}]} | InvalidArgument",
        "mixed transitions | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':1,'StorageClass':'GLACIER'},{'Date':1735689600,'StorageClass':'DEEP_ARCHIVE'}]}]} | InvalidRequest",
        "mixed expiration | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':1,'StorageClass':'GLACIER'}],'Expiration':{'Date':1735689600}}]} | InvalidRequest",
        "colder class first | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':30,'StorageClass':'GLACIER'},{'Days':60,'StorageClass':'STANDARD_IA'}]}]} | InvalidArgument",
        "expiration before transition | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Transitions':[{'Days':30,'StorageClass':'GLACIER'}],'Expiration':{'Days':30}}]} | InvalidArgument",
        "noncurrent expiration 0 | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','NoncurrentVersionExpiration':{'NoncurrentDays':0}}]} | InvalidArgument",
        "noncurrent expiration without days | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','NoncurrentVersionExpiration':{'NewerNoncurrentVersions':1}}]} | MalformedXML",
        "newer versions 101 | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','NoncurrentVersionExpiration':{'NoncurrentDays':1,'NewerNoncurrentVersions':101}}]} | InvalidArgument",
        "noncurrent IA under 30 | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','NoncurrentVersionTransitions':[{'NoncurrentDays':10,'StorageClass':'STANDARD_IA'}]}]} | InvalidArgument",
        "noncurrent expiration before transition | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','NoncurrentVersionTransitions':[{'NoncurrentDays':40,'StorageClass':'GLACIER'}],'NoncurrentVersionExpiration':{'NoncurrentDays':40}}]} | InvalidArgument",
        "abort days 0 | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','AbortIncompleteMultipartUpload':{'DaysAfterInitiation':0}}]} | InvalidArgument",
        "abort with tags | {'Rules':[{'ID':'a','Filter':{'Tag':{'Key':'k','Value':'v'}},'Status':'Enabled','AbortIncompleteMultipartUpload':{'DaysAfterInitiation':1}}]} | InvalidRequest",
        "marker with tags | {'Rules':[{'ID':'a','Filter':{'Tag':{'Key':'k','Value':'v'}},'Status':'Enabled','Expiration':{'ExpiredObjectDeleteMarker':true}}]} | InvalidRequest",
        "days as text | {'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Days':'x'}}]} | MalformedXML",
      })
  void refusesWhatS3Refuses(String name, String text, String code) {
    assertThatThrownBy(() -> codec.parse(json(text)))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.status()).isEqualTo(400);
            });
  }

  @Test
  void messagesNameTheOffence() {
    assertThatThrownBy(
            () ->
                codec.parse(
                    json(
                        "{'Rules':[{'ID':'a','Filter':{'Prefix':'logs/'},'Status':'Enabled','Transitions':[{'Days':29,'StorageClass':'STANDARD_IA'}]}]}")))
        .hasMessage(
            "'Days' in Transition action must be greater than or equal to 30 for storageClass"
                + " 'STANDARD_IA'");
    assertThatThrownBy(
            () ->
                codec.parse(
                    json(
                        "{'Rules':[{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Days':1}},{'ID':'a','Filter':{},'Status':'Enabled','Expiration':{'Days':2}}]}")))
        .isInstanceOfSatisfying(
            AwsException.class,
            e ->
                assertThat(e.fields())
                    .containsEntry("ArgumentName", "ID")
                    .containsEntry("ArgumentValue", "a"));
  }

  @Test
  void idsAreLimitedTo255Characters() {
    String ok = "x".repeat(255);
    String rule = "{'Rules':[{'ID':'%s','Filter':{},'Status':'Enabled','Expiration':{'Days':1}}]}";
    assertThat(codec.parse(json(rule.formatted(ok))).rules().get(0).id()).isEqualTo(ok);
    assertThatThrownBy(() -> codec.parse(json(rule.formatted(ok + "x"))))
        .isInstanceOfSatisfying(
            AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
  }

  @Test
  void atMost1000Rules() {
    String rule = "{'ID':'r%d','Filter':{},'Status':'Enabled','Expiration':{'Days':1}}";
    String thousand =
        IntStream.range(0, 1000)
            .mapToObj(rule::formatted)
            .reduce((a, b) -> a + "," + b)
            .orElseThrow();
    assertThat(codec.parse(json("{'Rules':[" + thousand + "]}")).rules()).hasSize(1000);
    assertThatThrownBy(
            () -> codec.parse(json("{'Rules':[" + thousand + "," + rule.formatted(1000) + "]}")))
        .isInstanceOfSatisfying(
            AwsException.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
  }
}
