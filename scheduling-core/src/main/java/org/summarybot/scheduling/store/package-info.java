/**
 * {@link org.summarybot.scheduling.store.InMemoryTaskStore}: the in-memory {@code TaskStore}, indexed by due
 * time, for tests, demos and embedding without persistence. Its parts are package-private: {@code Entry} (one
 * task with its lease and history), {@code Bucket} (the tasks of one instant in an index), {@code IdTable} (the
 * entries by id) and {@code TaskHistory} (the compact form of one task's history).
 */
package org.summarybot.scheduling.store;
