/**
 * A crash-safe JSON-file {@code TaskStore}: one file per task, atomic writes with fsync, quarantine of bad files, import and export. Filled by the file-persistence issue.
 */
package org.summarybot.scheduling.persistence.file;
