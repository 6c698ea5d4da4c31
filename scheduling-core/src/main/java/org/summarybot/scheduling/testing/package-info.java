/**
 * Test support that ships in main code so every module's tests can use it without a dependency cycle:
 * {@link org.summarybot.scheduling.testing.FakeClock}, a settable, thread-safe clock.
 */
package org.summarybot.scheduling.testing;
