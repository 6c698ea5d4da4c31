package org.summarybot.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hexagon's rules (DESIGN.md, module table), as factories a module's architecture test calls with its own
 * package and libraries. Each rule fails when it matches no class ({@code failOnEmptyShould}, ArchUnit's
 * default, is never turned off here).
 */
public final class HexagonRules {
  /** The project's root package. */
  public static final String ROOT = "org.summarybot.scheduling";
  /** What an adapter may use of core: the exceptions about tasks, the model and the ports. */
  private static final String[] CORE_API = {ROOT, ROOT + ".model..", ROOT + ".port.."};
  /** Core's inside, which adapters never touch: the engine and the in-memory store. */
  private static final String[] CORE_INSIDE = {ROOT + ".engine..", ROOT + ".store..", ROOT + ".schedule.."};
  /** Every adapter and the app. */
  private static final String[] OUTSIDE_CORE =
      {ROOT + ".persistence..", ROOT + ".delivery..", ROOT + ".summarizer..", ROOT + ".app.."};
  /**
   * Modules beside core that adapters may use when their row allows (the shared JSON form); not core, so not
   * held to core's rule.
   */
  private static final String[] SHARED = {ROOT + ".json.."};

  private HexagonRules() {}

  /** Core depends only on the JDK and Guava (and Guava's annotations). */
  public static ArchRule coreDependsOnlyOnTheJdkAndGuava() {
    List<String> notCore = new ArrayList<>(Arrays.asList(OUTSIDE_CORE));
    notCore.addAll(Arrays.asList(SHARED));
    return classes().that().resideInAPackage(ROOT + "..").and().resideOutsideOfPackages(notCore.toArray(String[]::new))
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            ROOT, ROOT + ".model..", ROOT + ".port..", ROOT + ".engine..", ROOT + ".schedule..", ROOT + ".store..",
            ROOT + ".testing..", "java..", "com.google.common..", "com.google.errorprone..", "org.jspecify..")
        .because("DESIGN.md: scheduling-core depends on the JDK and Guava only");
  }

  /**
   * An adapter's classes (in {@code ownPackage}) depend only on the JDK, core's API (root, model, port), their
   * own package and the given library packages.
   */
  public static ArchRule adapterDependsOnlyOn(String ownPackage, String... libraries) {
    List<String> allowed = new ArrayList<>(List.of("java..", ownPackage + ".."));
    allowed.addAll(Arrays.asList(CORE_API));
    allowed.addAll(Arrays.asList(libraries));
    return classes().that().resideInAPackage(ownPackage + "..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
        .because("DESIGN.md: an adapter uses core's ports and model and the libraries its row allows");
  }

  /** An adapter never reaches into another adapter, the app, or core's engine, schedules and in-memory store. */
  public static ArchRule adapterStaysOutOfOthers(String ownPackage) {
    List<String> forbidden = new ArrayList<>(Arrays.asList(CORE_INSIDE));
    for (String other : OUTSIDE_CORE) {
      forbidden.add(other);
    }
    return noClasses().that().resideInAPackage(ownPackage + "..")
        .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
            "reside in another adapter, the app or core's inside",
            (JavaClass c) -> !c.getPackageName().startsWith(ownPackage)
                && forbidden.stream().anyMatch(p -> packageMatches(c.getPackageName(), p))))
        .because("adapters meet only at core's ports");
  }

  /**
   * The engine's management API, which a driving adapter (one people command tasks through, such as Discord's
   * slash commands) calls as the app does: {@code TaskOperations} (what {@code forGuild} gives), what it takes and
   * gives, and schedule parsing for previews. Nothing else of core's inside.
   */
  private static final List<String> MANAGEMENT_API = List.of(ROOT + ".engine.TaskOperations",
      ROOT + ".engine.TaskSpec", ROOT + ".engine.TaskSpec$Builder", ROOT + ".engine.TaskReport",
      ROOT + ".engine.ResumeMode", ROOT + ".schedule.Schedules", ROOT + ".schedule.Schedule");

  /**
   * As {@link #adapterDependsOnlyOn}, for a driving adapter: it may also use the engine's management API (the
   * operations people call; {@code TaskOperations} says a Discord command calls them) and nothing else inside.
   */
  public static ArchRule drivingAdapterDependsOnlyOn(String ownPackage, String... libraries) {
    List<String> allowed = new ArrayList<>(List.of("java..", ownPackage + ".."));
    allowed.addAll(Arrays.asList(CORE_API));
    allowed.addAll(Arrays.asList(libraries));
    return classes().that().resideInAPackage(ownPackage + "..")
        .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
            "reside in " + allowed + " or are the engine's management API " + MANAGEMENT_API,
            (JavaClass c) -> MANAGEMENT_API.contains(c.getName())
                || allowed.stream().anyMatch(p -> packageMatches(c.getPackageName(), p))))
        .because("DESIGN.md: an adapter uses core's ports and model and the libraries its row allows; a driving"
            + " adapter also calls the operations people call (TaskOperations)");
  }

  /** As {@link #adapterStaysOutOfOthers}, except the engine's management API, which a driving adapter calls. */
  public static ArchRule drivingAdapterStaysOutOfOthers(String ownPackage) {
    List<String> forbidden = new ArrayList<>(Arrays.asList(CORE_INSIDE));
    forbidden.addAll(Arrays.asList(OUTSIDE_CORE));
    return noClasses().that().resideInAPackage(ownPackage + "..")
        .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
            "reside in another adapter, the app or core's inside (but the management API)",
            (JavaClass c) -> !c.getPackageName().startsWith(ownPackage) && !MANAGEMENT_API.contains(c.getName())
                && forbidden.stream().anyMatch(p -> packageMatches(c.getPackageName(), p))))
        .because("adapters meet only at core's ports and the operations people call");
  }

  /** In {@code ownPackage}, only the named top-level classes are public: one small entry, the rest inside. */
  public static ArchRule onlyPublic(String ownPackage, String... simpleNames) {
    return classes().that().resideInAPackage(ownPackage + "..").and().arePublic().and().areTopLevelClasses()
        .should().haveNameMatching(".*\\.(" + String.join("|", simpleNames) + ")")
        .because("a module shows a small public entry and keeps its implementation package-private");
  }

  /** No two packages of the project depend on each other in a cycle, the root package included. */
  public static ArchRule packagesAreFreeOfCycles() {
    return slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        String p = c.getPackageName();
        return p.equals(ROOT) || p.startsWith(ROOT + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "each package of " + ROOT;
      }
    }).should().beFreeOfCycles();
  }

  /** The engine runs on the {@code Clock} port; it never knows the test clock. */
  public static ArchRule theEngineNeverDependsOnTesting() {
    return noClasses().that().resideInAPackage(ROOT + ".engine..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".testing..")
        .because("what the engine needs of a clock is on the Clock port (FakeClock is for tests)");
  }

  /** Classes under {@code ownPackage}, except the named ones, never read the system time or sleep. */
  public static ArchRule timeComesFromTheClock(String ownPackage, String... exceptFullyQualifiedNames) {
    return noClasses().that().resideInAPackage(ownPackage + "..")
        .and(com.tngtech.archunit.base.DescribedPredicate.describe("are not " + Arrays.toString(exceptFullyQualifiedNames),
            (JavaClass c) -> !Arrays.asList(exceptFullyQualifiedNames).contains(c.getName())))
        .should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .orShould().callMethod(java.time.ZonedDateTime.class, "now")
        .orShould().callMethod(java.time.LocalDate.class, "now")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
        .because("time is an input: ask the injected Clock (DESIGN.md, Ports)");
  }

  /** Only the app logs through SLF4J, parses command lines or publishes metrics. */
  public static ArchRule onlyTheAppUsesLoggingCliAndMetrics() {
    return noClasses().that().resideInAPackage(ROOT + "..").and().resideOutsideOfPackage(ROOT + ".app..")
        .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "ch.qos.logback..", "picocli..", "io.micrometer..");
  }

  /** Ports are interfaces owned by core: no public interface lives outside it. */
  public static ArchRule portsLiveInCore() {
    return classes().that().resideInAPackage(ROOT + "..").and().areInterfaces().and().arePublic()
        .should().resideOutsideOfPackages(OUTSIDE_CORE)
        .because("ports are interfaces owned by the core; adapters and the app only implement them");
  }

  private static boolean packageMatches(String pkg, String pattern) {
    String base = pattern.endsWith("..") ? pattern.substring(0, pattern.length() - 2) : pattern;
    return pattern.endsWith("..") ? pkg.equals(base) || pkg.startsWith(base + ".") : pkg.equals(base);
  }
}
