package org.summarybot.scheduling.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.openjdk.jmh.annotations.Benchmark;

@AnalyzeClasses(packages = "org.summarybot.scheduling.benchmarks", importOptions = ImportOption.DoNotIncludeTests.class)
class ScheduleBenchmarkConventionsTest {

  @ArchTest
  static final ArchRule jmh_benchmarks_live_in_public_classes_named_benchmark =
      methods().that().areAnnotatedWith(Benchmark.class)
          .should().bePublic()
          .andShould().beDeclaredInClassesThat().haveSimpleNameEndingWith("Benchmark")
          .andShould().beDeclaredInClassesThat().arePublic()
          .because("JMH generates subclasses of public classes, and the runner selects benchmarks by name");
}
