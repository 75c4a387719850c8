package io.plantmesh.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the module arrows of the architecture (model ← connectors ← cluster ← edge-node): a module
 * may use only what lies to its left, and no module reaches into another's {@code internal}
 * package. Checked on the production classes of every module, as built.
 */
class ModuleArrowsTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.plantmesh");
  }

  @Test
  void everyModuleIsPresent() {
    for (String pkg :
        new String[] {
          "io.plantmesh.core",
          "io.plantmesh.opcua",
          "io.plantmesh.simulator",
          "io.plantmesh.cluster",
          "io.plantmesh.node"
        }) {
      if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
        throw new AssertionError(
            "no production classes found in " + pkg + ": the rules would pass vacuously");
      }
    }
  }

  @Test
  void coreDependsOnTheJdkOnly() {
    classes()
        .that()
        .resideInAPackage("io.plantmesh.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.plantmesh.core..", "java..")
        .because("connectors/core is the plant model and SPI: nothing but the JDK")
        .check(classes);
  }

  @Test
  void connectorsKnowNeitherTheMeshNorQuarkus() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.plantmesh.opcua..", "io.plantmesh.simulator..", "io.plantmesh.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.plantmesh.cluster..",
            "io.plantmesh.node..",
            "io.quarkus..",
            "com.hazelcast..",
            "jakarta.enterprise..")
        .because("connectors are embeddable on their own, without the mesh or the node")
        .check(classes);
  }

  @Test
  void connectorsAreIndependentOfEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.plantmesh.opcua..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.plantmesh.simulator..", "io.plantmesh.kafka..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.plantmesh.simulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.plantmesh.opcua..", "io.plantmesh.kafka..")
        .check(classes);
  }

  @Test
  void clusterDoesNotKnowTheNodeOrQuarkus() {
    noClasses()
        .that()
        .resideInAPackage("io.plantmesh.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.plantmesh.node..",
            "io.plantmesh.opcua..",
            "io.plantmesh.simulator..",
            "io.quarkus..")
        .because("the mesh takes sources and writes through its own small interfaces")
        .check(classes);
  }

  @Test
  void nobodyReachesIntoAnotherModulesInternals() {
    for (String module : new String[] {"opcua", "simulator", "node", "cluster", "kafka"}) {
      noClasses()
          .that()
          .resideOutsideOfPackage("io.plantmesh." + module + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.plantmesh." + module + ".internal..")
          .because("internal packages are not API")
          .allowEmptyShould(true)
          .check(classes);
    }
  }
}
