/**
 * The architecture rules of summary-scheduler, written once: {@link org.summarybot.architecture.HexagonRules}.
 * Every module's architecture test (test scope) declares its {@code @ArchTest} fields from these factories, so
 * a rule is changed in one place. This module depends on ArchUnit only, and lives outside
 * {@code org.summarybot.scheduling} so that importing the project's packages never imports the rules
 * themselves. No rule passes on zero classes: a mistyped package fails the test instead of checking nothing.
 */
package org.summarybot.architecture;
