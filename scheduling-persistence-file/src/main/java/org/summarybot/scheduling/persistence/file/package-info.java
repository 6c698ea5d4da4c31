/**
 * The embedded default {@code TaskStore}: JSON files in one directory. {@link
 * org.summarybot.scheduling.persistence.file.FileTaskStore} is the only entry (open, builder, import and
 * export); everything else is package-private. Crash-safe (atomic replace with fsync, torn log records
 * skipped), shared by several processes (a lock file, versions, persisted leases, a change journal),
 * forgiving of bad files (quarantine with a reason, reported by health), and whole under a full disk (a failed
 * write leaves no temp file or part of a line, is logged once, and makes health report the store unable to
 * write until a write succeeds). Task files are read by a fast
 * streaming decoder that only accepts well-formed current-schema files and leaves everything else to the tree
 * reader, which alone decides what is quarantined. See the module README for the layout.
 */
package org.summarybot.scheduling.persistence.file;
