/**
 * The store contract suite: {@code TaskStoreContract} is an abstract JUnit suite every {@code TaskStore} extends (in-memory, file, SQL), with capability flags for what a store documents it cannot do, and fixtures for building tasks.
 */
package org.summarybot.scheduling.testkit;
