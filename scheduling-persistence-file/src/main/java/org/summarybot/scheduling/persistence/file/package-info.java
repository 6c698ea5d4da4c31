/**
 * The embedded default {@code TaskStore}: JSON files in one directory. {@link
 * org.summarybot.scheduling.persistence.file.FileTaskStore} is the only entry (open, builder, import and
 * export); everything else is package-private. Crash-safe (atomic replace with fsync, torn log records
 * skipped), shared by several processes (a lock file, versions, persisted leases, a change journal),
 * forgiving of bad files (quarantine with a reason, reported by health), and whole under a full disk (a failed
 * write leaves no temp file or part of a line, is logged once, and makes health report the store unable to
 * write until a write succeeds). Task files hold the shared JSON form of a task ({@code scheduling-json}),
 * read with Jackson. {@code FileTaskStore} coordinates package-private parts, each under 500 lines: the lock
 * ({@code StoreLock}), loading and refreshing the view ({@code Refresh}, {@code TaskLoader}, {@code TaskView}), task
 * files ({@code TaskFiles}, {@code TaskWrites}), leases ({@code Leases}, {@code Claims}), the journal
 * ({@code Journal}), history and delivery logs ({@code Logs}), quarantine ({@code Quarantine}) and the directory
 * ({@code StoreDirectory}). See the module README for the layout and the parts.
 */
package org.summarybot.scheduling.persistence.file;
