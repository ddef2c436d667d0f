package dev.ludus.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arrows of DESIGN.md §1 and §2, checked on the compiled classes of every module. */
class ArchitectureTest {
    private static JavaClasses ludus;

    @BeforeAll
    static void importClasses() {
        ludus = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.ludus");
    }

    @Test
    void shouldImportEveryModule() {
        org.assertj.core.api.Assertions.assertThat(ludus.containPackage("dev.ludus.sim.world")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ludus.containPackage("dev.ludus.net")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ludus.containPackage("dev.ludus.arena")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ludus.containPackage("dev.ludus.loadtest")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ludus.containPackage("dev.ludus.testkit")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ludus.containPackage("dev.ludus.platform.ledger")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ludus.containPackage("dev.ludus.store")).isTrue();
    }

    @Test
    void shouldKeepJdbcInsideTheStoreModule() {
        noClasses().that().resideOutsideOfPackage("dev.ludus.store..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer.hikari..",
                "org.flywaydb..", "org.h2..", "org.postgresql..")
            .because("only ludus-store speaks JDBC (DESIGN.md §1); the edges talk to the ledger through ludus-platform")
            .check(ludus);
    }

    @Test
    void shouldKeepThePlatformBelowTheEdgesAndTheStore() {
        noClasses().that().resideInAPackage("dev.ludus.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ludus.net..", "dev.ludus.store..", "dev.ludus.arena..",
                "dev.ludus.server..", "io.micrometer..")
            .because("platform services are pure: storage and metrics are wired in from outside (DESIGN.md §1)")
            .check(ludus);
        noClasses().that().resideInAPackage("dev.ludus.store..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ludus.net..", "dev.ludus.arena..", "dev.ludus.server..",
                "dev.ludus.sim..")
            .check(ludus);
    }

    @Test
    void shouldKeepNettyInsideTheNetModule() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.ludus.net..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("only ludus-net speaks Netty (DESIGN.md §1)");
        rule.check(ludus);
    }

    @Test
    void shouldKeepTheSystemClockOutOfTheSimulation() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.ludus.sim..")
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.base.DescribedPredicate.describe("a now() of java.time",
                    target -> target.getOwner().getPackageName().equals("java.time") && target.getName().equals("now"))))
            .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.time.InstantSource.class)
            .because("time reaches the simulation only through its TimeSource port (DESIGN.md §2)");
        rule.check(ludus);
    }

    @Test
    void shouldKeepIoOutOfTheSimulation() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.ludus.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
                "java.sql..", "java.nio.channels..", "java.net.http..")
            .orShould().callMethod(Thread.class, "sleep", long.class)
            .because("the simulation is pure: no I/O, so ticks are deterministic and never block (DESIGN.md §2)");
        rule.check(ludus);
    }

    @Test
    void shouldKeepTheTestkitToTheHeadlessRun() {
        noClasses().that().resideInAPackage("dev.ludus.server")
            .should().dependOnClassesThat().resideInAPackage("dev.ludus.testkit..")
            .because("the server proper never plays with synthetic players; only dev.ludus.server.simulate does")
            .check(ludus);
        noClasses().that().resideInAPackage("dev.ludus.server.simulate..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ludus.server", "dev.ludus.net..", "dev.ludus.loadtest..")
            .because("the headless run needs no network and no CLI wiring: the command depends on it, not back")
            .check(ludus);
    }

    @Test
    void shouldPointModuleDependenciesDownwardsOnly() {
        noClasses().that().resideInAPackage("dev.ludus.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ludus.sim..", "dev.ludus.net..", "dev.ludus.arena..",
                "dev.ludus.server..", "dev.ludus.loadtest..", "dev.ludus.testkit..")
            .check(ludus);
        noClasses().that().resideInAPackage("dev.ludus.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ludus.net..", "dev.ludus.arena..",
                "dev.ludus.server..", "dev.ludus.loadtest..", "dev.ludus.testkit..")
            .check(ludus);
        noClasses().that().resideInAnyPackage("dev.ludus.net..", "dev.ludus.arena..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ludus.server..", "dev.ludus.loadtest..",
                "dev.ludus.testkit..")
            .check(ludus);
        noClasses().that().resideInAPackage("dev.ludus.arena..")
            .should().dependOnClassesThat().resideInAPackage("dev.ludus.net..")
            .check(ludus);
        noClasses().that().resideInAPackage("dev.ludus.loadtest..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ludus.sim..", "dev.ludus.net..",
                "dev.ludus.server..", "dev.ludus.arena..")
            .because("the load generator speaks only the protocol, like any client")
            .check(ludus);
    }
}
