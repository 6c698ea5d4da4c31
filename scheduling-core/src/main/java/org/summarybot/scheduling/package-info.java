/**
 * summary-scheduler's core: runs scheduled channel summaries exactly once per fire, across restarts, crashes
 * and nodes. This package holds the exceptions about one task's state
 * ({@link TaskNotFoundException}, {@link VersionConflictException}, {@link LeaseLostException}); their root,
 * {@link org.summarybot.scheduling.model.SchedulingException}, lives in {@code model} beside
 * {@link org.summarybot.scheduling.model.ValidationException}, which lists every
 * {@link org.summarybot.scheduling.model.Problem} of an input at once, so that the model depends on no other
 * package and this one only on the model.
 *
 * <p>Sub-packages: {@code model} (records), {@code port} (interfaces adapters implement), {@code schedule}
 * (schedule parsing, cron, DST), {@code engine} (the scheduler), {@code store} (in-memory store),
 * {@code testing} ({@code FakeClock}). Core depends only on the JDK and Guava.
 */
package org.summarybot.scheduling;
