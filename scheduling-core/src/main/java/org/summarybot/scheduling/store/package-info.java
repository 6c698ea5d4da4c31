/**
 * {@link org.summarybot.scheduling.store.InMemoryTaskStore}: the in-memory {@code TaskStore}, indexed by due
 * time, for tests, demos and embedding without persistence.
 */
package org.summarybot.scheduling.store;
