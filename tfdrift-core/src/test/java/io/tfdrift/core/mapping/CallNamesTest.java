package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallNamesTest {
  @Test
  void normalisesLambdaDatesAndGcpVersions() {
    assertThat(CallNames.normalise("UpdateFunctionCode20150331v2")).isEqualTo("UpdateFunctionCode");
    assertThat(CallNames.normalise("CreateFunction20150331")).isEqualTo("CreateFunction");
    assertThat(CallNames.normalise("v1.compute.instances.insert"))
        .isEqualTo("compute.instances.insert");
    assertThat(CallNames.normalise("beta.compute.firewalls.patch"))
        .isEqualTo("compute.firewalls.patch");
    assertThat(CallNames.normalise("UpdateDistribution2020_05_31")).isEqualTo("UpdateDistribution");
    assertThat(CallNames.normalise("CreateCloudFrontOriginAccessIdentity2020_05_31"))
        .isEqualTo("CreateCloudFrontOriginAccessIdentity");
    assertThat(CallNames.normalise("Create_2020_05_31")).isEqualTo("Create_2020_05_31");
    String plain = "ModifyInstanceAttribute";
    assertThat(CallNames.normalise(plain)).isSameAs(plain);
  }
}
