package dev.basin.s3.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.protocol.AwsException;
import dev.basin.s3.notification.NotificationConfiguration.DestinationType;
import dev.basin.s3.notification.NotificationConfiguration.Target;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final NotificationCodec codec = new NotificationCodec(() -> "gen");

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:ingest";
  static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:q";
  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:t";

  @Test
  void parsesEveryDestinationAndRoundTrips() {
    JsonNode value =
        json(
            ("{'TopicConfigurations':[{'Id':'t1','TopicArn':'%s','Events':['s3:ObjectRemoved:*']}],"
                    + "'QueueConfigurations':[{'Id':'q1','QueueArn':'%s','Events':['s3:ObjectCreated:Put'],"
                    + "'Filter':{'Key':{'FilterRules':[{'Name':'Prefix','Value':'in/'}]}}}],"
                    + "'LambdaFunctionConfigurations':[{'Id':'l1','LambdaFunctionArn':'%s','Events':['s3:ObjectCreated:*'],"
                    + "'Filter':{'Key':{'FilterRules':[{'Name':'Prefix','Value':'data/'},{'Name':'Suffix','Value':'.json'}]}}}],"
                    + "'EventBridgeConfiguration':{}}")
                .formatted(TOPIC, QUEUE, LAMBDA));
    NotificationConfiguration config = codec.parse(value);
    assertThat(config.targets())
        .containsExactly(
            new Target(
                DestinationType.TOPIC, "t1", TOPIC, List.of("s3:ObjectRemoved:*"), null, null),
            new Target(
                DestinationType.QUEUE, "q1", QUEUE, List.of("s3:ObjectCreated:Put"), "in/", null),
            new Target(
                DestinationType.LAMBDA,
                "l1",
                LAMBDA,
                List.of("s3:ObjectCreated:*"),
                "data/",
                ".json"));
    assertThat(config.eventBridge()).isTrue();
    assertThat(NotificationCodec.toValue(config)).isEqualTo(value);
  }

  @Test
  void lowercaseRuleNamesAndMissingIdsAreAccepted() {
    NotificationConfiguration config =
        codec.parse(
            json(
                ("{'LambdaFunctionConfigurations':[{'LambdaFunctionArn':'%s','Events':['s3:ObjectCreated:Put'],"
                        + "'Filter':{'Key':{'FilterRules':[{'Name':'suffix','Value':'.csv'}]}}}]}")
                    .formatted(LAMBDA + ":live")));
    assertThat(config.targets().get(0).id()).isEqualTo("gen");
    assertThat(config.targets().get(0).suffix()).isEqualTo(".csv");
    assertThat(codec.parse(json("{}"))).isEqualTo(NotificationConfiguration.EMPTY);
    assertThat(NotificationCodec.toValue(NotificationConfiguration.EMPTY)).isEqualTo(json("{}"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown event | {'QueueConfigurations':[{'QueueArn':'Q','Events':['s3:ObjectCreated:Get']}]} | InvalidArgument",
        "event without prefix | {'QueueConfigurations':[{'QueueArn':'Q','Events':['ObjectCreated:Put']}]} | InvalidArgument",
        "no events | {'QueueConfigurations':[{'QueueArn':'Q','Events':[]}]} | MalformedXML",
        "no arn | {'QueueConfigurations':[{'Events':['s3:ObjectCreated:*']}]} | MalformedXML",
        "queue arn for topic | {'TopicConfigurations':[{'TopicArn':'Q','Events':['s3:ObjectCreated:*']}]} | InvalidArgument",
        "lambda arn without function | {'LambdaFunctionConfigurations':[{'LambdaFunctionArn':'arn:aws:lambda:us-east-1:123456789012:f','Events':['s3:ObjectCreated:*']}]} | InvalidArgument",
        "bad account | {'QueueConfigurations':[{'QueueArn':'arn:aws:sqs:us-east-1:1234:q','Events':['s3:ObjectCreated:*']}]} | InvalidArgument",
        "bad rule name | {'QueueConfigurations':[{'QueueArn':'Q','Events':['s3:ObjectCreated:*'],'Filter':{'Key':{'FilterRules':[{'Name':'contains','Value':'x'}]}}}]} | InvalidArgument",
        "two prefixes | {'QueueConfigurations':[{'QueueArn':'Q','Events':['s3:ObjectCreated:*'],'Filter':{'Key':{'FilterRules':[{'Name':'prefix','Value':'a'},{'Name':'Prefix','Value':'b'}]}}}]} | InvalidArgument",
        "same event no filters | {'QueueConfigurations':[{'QueueArn':'Q','Events':['s3:ObjectCreated:Put']},{'QueueArn':'Q','Events':['s3:ObjectCreated:Put']}]} | InvalidArgument",
        "wildcard overlaps | {'QueueConfigurations':[{'QueueArn':'Q','Events':['s3:ObjectCreated:*']}],'LambdaFunctionConfigurations':[{'LambdaFunctionArn':'L','Events':['s3:ObjectCreated:Put']}]} | InvalidArgument",
        "nested prefixes overlap | {'QueueConfigurations':[{'QueueArn':'Q','Events':['s3:ObjectCreated:*'],'Filter':{'Key':{'FilterRules':[{'Name':'prefix','Value':'images/'}]}}},{'QueueArn':'Q','Events':['s3:ObjectCreated:*'],'Filter':{'Key':{'FilterRules':[{'Name':'prefix','Value':'images/2024/'}]}}}]} | InvalidArgument",
        "prefix and suffix overlap | {'QueueConfigurations':[{'QueueArn':'Q','Events':['s3:ObjectCreated:*'],'Filter':{'Key':{'FilterRules':[{'Name':'prefix','Value':'images/'}]}}},{'QueueArn':'Q','Events':['s3:ObjectCreated:*'],'Filter':{'Key':{'FilterRules':[{'Name':'suffix','Value':'.jpg'}]}}}]} | InvalidArgument",
      })
  void refusesWhatS3Refuses(String name, String text, String code) {
    String value = text.replace("'Q'", "'" + QUEUE + "'").replace("'L'", "'" + LAMBDA + "'");
    assertThatThrownBy(() -> codec.parse(json(value)))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.status()).isEqualTo(400);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "different events | s3:ObjectCreated:* | | | s3:ObjectRemoved:* | |",
        "different prefixes | s3:ObjectCreated:* | a/ | | s3:ObjectCreated:* | b/ |",
        "different suffixes | s3:ObjectCreated:* | | .jpg | s3:ObjectCreated:* | | .png",
        "same prefix, different suffixes | s3:ObjectCreated:Put | img/ | .jpg | s3:ObjectCreated:Put | img/ | .png",
      })
  void acceptsConfigurationsThatCannotOverlap(
      String name, String e1, String p1, String s1, String e2, String p2, String s2) {
    String value = "{'QueueConfigurations':[" + queue(e1, p1, s1) + "," + queue(e2, p2, s2) + "]}";
    assertThat(codec.parse(json(value)).targets()).hasSize(2);
  }

  private static String queue(String event, String prefix, String suffix) {
    StringBuilder rules = new StringBuilder();
    if (prefix != null) {
      rules.append("{'Name':'prefix','Value':'").append(prefix).append("'}");
    }
    if (suffix != null) {
      rules
          .append(rules.length() > 0 ? "," : "")
          .append("{'Name':'suffix','Value':'")
          .append(suffix)
          .append("'}");
    }
    return "{'QueueArn':'"
        + QUEUE
        + "','Events':['"
        + event
        + "'],'Filter':{'Key':{'FilterRules':["
        + rules
        + "]}}}";
  }
}
