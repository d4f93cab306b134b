package io.tfdrift.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.List;

/** The module arrows of DESIGN.md as ArchUnit rules, shared by the test and its self-test. */
final class ModuleArrows {
  private ModuleArrows() {}

  /** The API depends on the JDK and itself only. */
  static final ArchRule API_IS_JDK_ONLY =
      classes()
          .that()
          .resideInAPackage("io.tfdrift.api..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "io.tfdrift.api..")
          .as("tfdrift-api depends on the JDK only");

  /**
   * Implementation modules use api and core, never each other (one exception: source-kafka uses
   * source-aws's log-file reader); only the runtime sees them all.
   */
  static final ArchRule MODULES_POINT_DOWN =
      Architectures.layeredArchitecture()
          .consideringOnlyDependenciesInAnyPackage("io.tfdrift..")
          .layer("api")
          .definedBy("io.tfdrift.api..")
          .layer("core")
          .definedBy("io.tfdrift.core..")
          .layer("falco")
          .definedBy("io.tfdrift.falco..")
          .layer("state-aws")
          .definedBy("io.tfdrift.state.aws..")
          .layer("state-gcp")
          .definedBy("io.tfdrift.state.gcp..")
          .layer("notifier-slack")
          .definedBy("io.tfdrift.notifier.slack..")
          .layer("notifier-pagerduty")
          .definedBy("io.tfdrift.notifier.pagerduty..")
          .layer("notifier-github")
          .definedBy("io.tfdrift.notifier.github..")
          .layer("store-jdbc")
          .definedBy("io.tfdrift.store.jdbc..")
          .layer("dashboard")
          .definedBy("io.tfdrift.dashboard..")
          .layer("source-gcp")
          .definedBy("io.tfdrift.source.gcp..")
          .layer("source-aws")
          .definedBy("io.tfdrift.source.aws..")
          .layer("source-kafka")
          .definedBy("io.tfdrift.source.kafka..")
          .layer("testkit")
          .definedBy("io.tfdrift.testkit..")
          .layer("runtime")
          .definedBy("io.tfdrift.runtime..")
          .whereLayer("runtime")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("core")
          .mayOnlyBeAccessedByLayers(
              "falco",
              "state-aws",
              "state-gcp",
              "notifier-slack",
              "notifier-pagerduty",
              "notifier-github",
              "source-gcp",
              "source-aws",
              "source-kafka",
              "runtime")
          .whereLayer("falco")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("state-aws")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("state-gcp")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("notifier-slack")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("notifier-pagerduty")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("notifier-github")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("store-jdbc")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("dashboard")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("source-gcp")
          .mayOnlyBeAccessedByLayers("runtime")
          // The one sideways arrow: the kafka source reads CloudTrail log-file notifications with
          // the aws-sqs source's public CloudTrailLogFiles (notification shapes, S3 fetch, record
          // reader) rather than a copy of it.
          .whereLayer("source-aws")
          .mayOnlyBeAccessedByLayers("runtime", "source-kafka")
          .whereLayer("source-kafka")
          .mayOnlyBeAccessedByLayers("runtime")
          .whereLayer("testkit")
          .mayNotBeAccessedByAnyLayer()
          .withOptionalLayers(true)
          .as("module arrows point only down (DESIGN.md)");

  /** Nothing outside a module may reach into its {@code internal} packages. */
  static final ArchRule INTERNAL_STAYS_INTERNAL =
      noClasses()
          .that()
          .resideInAPackage("io.tfdrift.api..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..internal..")
          .as("no internal type in the API");

  /** Public methods of public API types never mention an internal type. */
  static final ArchRule NO_INTERNAL_TYPE_IN_API_SIGNATURES =
      methods()
          .that()
          .arePublic()
          .and()
          .areDeclaredInClassesThat()
          .resideInAPackage("io.tfdrift.api..")
          .should()
          .haveRawReturnType(notInternal())
          .andShould()
          .haveRawParameterTypes(DescribedPredicate.allElements(notInternal()))
          .allowEmptyShould(true)
          .as("no internal type leaks into an API signature");

  private static DescribedPredicate<JavaClass> notInternal() {
    return DescribedPredicate.describe(
        "not in an internal package", c -> !c.getPackageName().contains(".internal"));
  }

  static final List<ArchRule> ALL =
      List.of(
          API_IS_JDK_ONLY,
          MODULES_POINT_DOWN,
          INTERNAL_STAYS_INTERNAL,
          NO_INTERNAL_TYPE_IN_API_SIGNATURES);
}
