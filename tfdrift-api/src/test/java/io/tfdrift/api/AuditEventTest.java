package io.tfdrift.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventTest {

  private static AuditEvent.Builder modifyInstance() {
    return AuditEvent.builder()
        .provider("aws")
        .service("ec2.amazonaws.com")
        .action("ModifyInstanceAttribute");
  }

  @Test
  void defaultsEveryUnsetPartToEmpty() {
    AuditEvent event = modifyInstance().build();

    assertThat(event.eventId()).isEmpty();
    assertThat(event.time()).isEqualTo(Instant.EPOCH);
    assertThat(event.actor()).isEqualTo(Actor.UNKNOWN);
    assertThat(event.request()).isEmpty();
    assertThat(event.resources()).isEmpty();
    assertThat(event.failed()).isFalse();
    assertThat(event.readOnly()).isFalse();
  }

  @Test
  void rejectsAnEventWithoutProviderServiceOrAction() {
    assertThatThrownBy(() -> AuditEvent.builder().service("s").action("a").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("provider");
    assertThatThrownBy(() -> AuditEvent.builder().provider("aws").action("a").build())
        .hasMessage("service");
    assertThatThrownBy(() -> AuditEvent.builder().provider("aws").service("s").build())
        .hasMessage("action");
    assertThatThrownBy(() -> modifyInstance().region(null).build()).hasMessage("region");
  }

  @Test
  void wrapsTheRequestReadOnlyWithoutCopyingIt() {
    Map<String, Object> request = new HashMap<>(Map.of("instanceId", "i-0abc"));
    AuditEvent event = modifyInstance().request(request).build();

    assertThatThrownBy(() -> event.request().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(event.request()).containsEntry("instanceId", "i-0abc");
  }

  @Test
  void toBuilderCopiesEveryPartSoOnlyTheChangedOneDiffers() {
    AuditEvent original =
        modifyInstance()
            .eventId("e-1")
            .time(Instant.parse("2026-11-23T09:30:00Z"))
            .actor(new Actor("IAMUser", "alice", "arn", "AIDA", "123456789012"))
            .accountId("123456789012")
            .region("us-east-1")
            .sourceIp("203.0.113.10")
            .userAgent("aws-cli/2")
            .request(Map.of("instanceId", "i-0abc"))
            .response(Map.of("return", true))
            .resources(List.of("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc"))
            .errorCode("")
            .readOnly(false)
            .attributes(Map.of("aws.eventType", "AwsApiCall"))
            .build();

    assertThat(original.toBuilder().build()).isEqualTo(original).hasSameHashCodeAs(original);
    AuditEvent failed = original.toBuilder().errorCode("AccessDenied").build();
    assertThat(failed).isNotEqualTo(original);
    assertThat(failed.failed()).isTrue();
    assertThat(failed.request()).isEqualTo(original.request());
  }
}
