/**
 * The scheduling engine. {@link org.summarybot.scheduling.engine.TaskScheduler} claims due tasks from a
 * {@code TaskStore} with leases and runs each execution once: window {@code [end of last successful window,
 * fire)}, fetch, content threshold, summarise, deliver to each destination not yet delivered, classify.
 *
 * <p>Rules it implements (each has a test named after it in {@code EngineScenariosTest}):
 * <ul>
 *   <li>Misfires: a fire starting later than the task's grace is handled by its {@code MisfirePolicy}; missed
 *       and coalesced fires are recorded as one {@code MISSED} history entry naming the range and count.
 *   <li>Retries: a transient failure becomes a {@code PendingRun} stored with the task (backoff with full
 *       jitter, server retry-after wins when longer); no thread sleeps and any node may run it. The execution
 *       id is derived from (task, fire time), so every attempt shares it, and the delivery log keeps a retry
 *       from re-sending to destinations that already have the summary.
 *   <li>Auto-disable after {@code maxConsecutiveFailures}; destinations that are gone are disabled alone.
 *       {@code resume} re-enables both.
 *   <li>Guild isolation through {@link org.summarybot.scheduling.engine.TaskScheduler#forGuild}; an operator
 *       task (a cleanup spanning every guild, {@code GuildId.OPERATOR}) belongs to no guild and no guild sees it.
 *   <li>Backfill ({@code BackfillAndPauseNoteTest}): past fires that no successful execution covered run as normal
 *       executions with their own window and execution id, through a pending run that any node may claim; the
 *       record replaces a failed or missed one of the fire ({@code Backfills}).
 *   <li>Cleanup ({@code CleanupTaskTest}): a {@code CLEANUP} task prunes history and delivery log of its guild
 *       or of every guild, and what delivery channels keep, and records the counts ({@code Cleanup}).
 *   <li>Silence alerts ({@code SilenceAlertTest}): {@code SilenceWatch}, run by the timer, tells the notifier
 *       once when a task with {@code alertIfSilent} delivers nothing for that long, and once when it delivers.
 * </ul>
 *
 * <p>{@code TaskScheduler} is a facade over named parts, each readable alone (the walk of one execution through
 * them is in {@code docs/ARCHITECTURE.md}): {@code TimerLoop} (the timer thread), {@code ClaimQueue} (claimed
 * work shared by the workers), {@code Heartbeat} (lease extension), {@code Worker} (one claim start to finish),
 * {@code Executor} with {@code WindowSummarizer}, {@code Deliverer} and {@code Recorder} (the work of one
 * attempt), {@code CompletionHandOver}, {@code CompletionOrder} and {@code CompletionWrites} (completions handed
 * to the store without waiting, their outcomes told in each task's order), {@code Reporter} (events,
 * notifications, log, counters), {@code TaskManager} (the management operations), {@code Backfills} (which past
 * fires a backfill runs, and what their records replace), {@code Cleanup} (a cleanup task's run) and
 * {@code SilenceWatch} (silence alerts).
 *
 * <p>Threads: one timer sleeps until the store's next due time and tells the workers when work is due; the
 * workers (as many as the concurrency limit) claim batches from the store themselves and share them through one
 * queue, so claimed work never passes through the timer. The timer also extends the leases of claimed work.
 *
 * <p>Tests drive it with {@code FakeClock} and {@link org.summarybot.scheduling.engine.TaskScheduler#runDueNow()};
 * the threaded loop wakes when a {@code FakeClock} moves.
 */
package org.summarybot.scheduling.engine;
