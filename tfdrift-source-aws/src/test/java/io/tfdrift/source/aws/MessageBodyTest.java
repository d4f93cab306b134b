package io.tfdrift.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBodyTest {

  @Test
  void unwrapsAnSnsNotificationOfAnEventBridgeEvent() {
    MessageBody body = MessageBody.parse(Fixtures.sns(Fixtures.eventBridge(Fixtures.record())));
    assertThat(body).isEqualTo(new MessageBody.Records(List.of(Fixtures.record())));
  }

  @Test
  void decodesUrlEncodedKeysOfS3NotificationsAndSkipsDigests() {
    String key = "AWSLogs/1/CloudTrail/us-east-1/2026/11/23/a b+c=d.json.gz";
    assertThat(MessageBody.parse(Fixtures.s3Notification("trail", key)))
        .isEqualTo(new MessageBody.LogFiles(List.of(new CloudTrailLogFiles.LogFile("trail", key))));
    assertThat(
            MessageBody.parse(
                Fixtures.s3Notification("trail", "AWSLogs/1/CloudTrail-Digest/x.json.gz")))
        .isInstanceOf(MessageBody.Ignored.class);
  }

  @Test
  void readsCloudTrailsOwnSnsMessageBareOrInItsEnvelope() {
    String key = "AWSLogs/123837392027/CloudTrail/us-east-1/2026/11/23/a.json.gz";
    String message =
        "{\"s3Bucket\":\"trail\",\"s3ObjectKey\":[\""
            + key
            + "\",\"AWSLogs/123837392027/CloudTrail-Digest/us-east-1/2026/11/23/d.json.gz\"]}";
    MessageBody expected =
        new MessageBody.LogFiles(List.of(new CloudTrailLogFiles.LogFile("trail", key)));
    assertThat(MessageBody.parse(message)).isEqualTo(expected);
    assertThat(MessageBody.parse(Fixtures.sns(message))).isEqualTo(expected);
    assertThatThrownBy(() -> MessageBody.parse("{\"s3Bucket\":\"trail\",\"s3ObjectKey\":\"k\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3ObjectKey (a list of keys)");
  }

  @Test
  void ignoresTheS3TestEvent() {
    assertThat(MessageBody.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}"))
        .isInstanceOf(MessageBody.Ignored.class);
  }

  @Test
  void refusesWhatIsNoKnownShapeSayingWhatToSend() {
    assertThatThrownBy(() -> MessageBody.parse("{\"hello\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its keys: [hello]");
    assertThatThrownBy(
            () ->
                MessageBody.parse(
                    "{\"Type\":\"SubscriptionConfirmation\",\"TopicArn\":\"arn:aws:sns:x\"}"))
        .hasMessageContaining("confirm the subscription");
  }
}
