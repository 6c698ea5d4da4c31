/**
 * summary-scheduler's core: runs scheduled channel summaries exactly once per fire, across restarts, crashes
 * and nodes. This package holds the exception hierarchy: {@link org.summarybot.scheduling.SchedulingException}
 * is the root; {@link org.summarybot.scheduling.ValidationException} lists every {@link
 * org.summarybot.scheduling.Problem} of an input at once.
 *
 * <p>Sub-packages: {@code model} (records), {@code port} (interfaces adapters implement), {@code schedule}
 * (schedule parsing, cron, DST), {@code engine} (the scheduler), {@code store} (in-memory store),
 * {@code testing} ({@code FakeClock}). Core depends only on the JDK and Guava.
 */
package org.summarybot.scheduling;
