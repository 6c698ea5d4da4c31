/**
 * The store contract suite. {@link org.summarybot.scheduling.testkit.TaskStoreContract} is an abstract JUnit
 * Jupiter class every {@code TaskStore} test extends (in-memory, file, SQL): it checks versions, leases,
 * claiming, completion, exactly-once history and the delivery log, with time from a {@code FakeClock}.
 * Capability flags mark what a store documents it cannot do. {@link org.summarybot.scheduling.testkit.TaskFixtures}
 * builds valid tasks, records and completions. Used by adapters at test scope.
 */
package org.summarybot.scheduling.testkit;
