package io.tfdrift.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPathTest {

  private static final Map<String, Object> TWO_INSTANCES =
      JsonTrees.parseObject(
          "{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-1\"},{\"other\":1},"
              + "{\"instanceId\":\"i-2\"}]}}");

  @Test
  void fansOutOverEveryArrayElement() {
    JsonPath ids = JsonPath.of("instancesSet.items[].instanceId");

    assertThat(ids.all(TWO_INSTANCES)).containsExactly("i-1", "i-2");
    assertThat(ids.first(TWO_INSTANCES)).isEqualTo("i-1");
    List<Object> seen = new ArrayList<>();
    ids.forEach(TWO_INSTANCES, seen::add);
    assertThat(seen).containsExactly("i-1", "i-2");
  }

  @Test
  void readsTheInstanceIdOfARealRunInstancesResponse() {
    Map<String, Object> record = Samples.cloudTrail("ec2_RunInstances_1");

    assertThat(JsonPath.of("responseElements.instancesSet.items[].instanceId").all(record))
        .containsExactly("i-05c30218156bcc246");
    assertThat(JsonPath.of("requestParameters.instanceType").text(record)).isEqualTo("t3.micro");
  }

  @Test
  void selectsAnElementByIndex() {
    assertThat(JsonPath.of("instancesSet.items[2].instanceId").first(TWO_INSTANCES))
        .isEqualTo("i-2");
    assertThat(JsonPath.of("instancesSet.items[1].instanceId").first(TWO_INSTANCES)).isNull();
    assertThat(JsonPath.of("instancesSet.items[9].instanceId").all(TWO_INSTANCES)).isEmpty();
  }

  @Test
  void treatsAnObjectWhereAnArrayWasExpectedAsItsOnlyElement() {
    Map<String, Object> single =
        JsonTrees.parseObject("{\"set\":{\"item\":{\"privateIpAddress\":\"10.0.2.159\"}}}");

    assertThat(JsonPath.of("set.item[].privateIpAddress").all(single))
        .containsExactly("10.0.2.159");
    assertThat(JsonPath.of("set.item[0].privateIpAddress").first(single)).isEqualTo("10.0.2.159");
    assertThat(JsonPath.of("set.item[1].privateIpAddress").first(single)).isNull();
  }

  @Test
  void reachesNothingThroughMissingKeysOrScalars() {
    JsonPath path = JsonPath.of("instancesSet.items[].instanceId.deeper");

    assertThat(path.first(TWO_INSTANCES)).isNull();
    assertThat(path.text(TWO_INSTANCES)).isEmpty();
    assertThat(path.all(TWO_INSTANCES)).isEmpty();
    assertThat(JsonPath.of("nope[]").all(TWO_INSTANCES)).isEmpty();
  }

  @Test
  void fanOutCanEndAPath() {
    Map<String, Object> tree = JsonTrees.parseObject("{\"subnets\":[\"a\",\"b\"]}");

    assertThat(JsonPath.of("subnets[]").all(tree)).containsExactly("a", "b");
    assertThat(JsonPath.of("subnets").first(tree)).isEqualTo(List.of("a", "b"));
  }

  @Test
  void rejectsMalformedExpressionsNamingThem() {
    for (String bad : List.of("", "a..b", ".a", "a.", "a[", "a[x]", "a[-1]", "[]")) {
      assertThatThrownBy(() -> JsonPath.of(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void pathsWithTheSameExpressionAreEqual() {
    assertThat(JsonPath.of("a.b[]")).isEqualTo(JsonPath.of("a.b[]")).hasToString("a.b[]");
    assertThat(JsonPath.of("a.b[]").expression()).isEqualTo("a.b[]");
  }
}
