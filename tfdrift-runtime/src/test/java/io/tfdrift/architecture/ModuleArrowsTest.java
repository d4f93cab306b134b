package io.tfdrift.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.tfdrift.api.archfixture.ApiUsingAThirdPartyType;
import io.tfdrift.api.archfixture.ApiWithInternalSignature;
import io.tfdrift.core.internal.archfixture.InternalThing;
import io.tfdrift.falco.archfixture.FalcoReachingIntoStateAws;
import io.tfdrift.state.aws.archfixture.AwsThing;
import org.junit.jupiter.api.Test;

class ModuleArrowsTest {

  /** Every production class of every module on this classpath (the runtime sees them all). */
  @Test
  void productionCodeKeepsTheModuleArrows() {
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tfdrift");
    assertThat(production.size()).as("classes under io.tfdrift").isGreaterThan(20);
    ModuleArrows.ALL.forEach(rule -> rule.check(production));
  }

  // The rules must fail when a forbidden arrow is added: each fixture below adds one.

  @Test
  void failsWhenAnImplModuleDependsOnAnother() {
    assertViolates(
        ModuleArrows.MODULES_POINT_DOWN, FalcoReachingIntoStateAws.class, AwsThing.class);
  }

  @Test
  void failsWhenTheApiDependsOnAThirdPartyType() {
    assertViolates(ModuleArrows.API_IS_JDK_ONLY, ApiUsingAThirdPartyType.class);
  }

  @Test
  void failsWhenAnInternalTypeLeaksIntoAnApiSignature() {
    assertViolates(
        ModuleArrows.NO_INTERNAL_TYPE_IN_API_SIGNATURES,
        ApiWithInternalSignature.class,
        InternalThing.class);
  }

  private static void assertViolates(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    assertThat(rule.evaluate(imported).hasViolation()).as(rule.getDescription()).isTrue();
  }
}
