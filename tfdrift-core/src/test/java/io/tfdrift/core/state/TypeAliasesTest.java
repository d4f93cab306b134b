package io.tfdrift.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TypeAliasesTest {

  @Test
  void bundledTableNamesTheAlbAliasesOfTheLbTypes() {
    assertThat(TypeAliases.canonicalOf("aws_alb")).isEqualTo("aws_lb");
    assertThat(TypeAliases.canonicalOf("aws_alb_target_group")).isEqualTo("aws_lb_target_group");
    assertThat(TypeAliases.canonicalOf("aws_lb")).isNull();
  }

  @Test
  void rejectsAMalformedOrRepeatedRowNamingTheLine() {
    assertThatThrownBy(() -> TypeAliases.parse("# c\naws_alb\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> TypeAliases.parse("aws_alb aws_lb\naws_alb aws_elb\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("listed twice");
  }
}
