/**
 * A SQL {@code TaskStore} on PostgreSQL and H2 (JDBI, Flyway, HikariCP), safe for several scheduler nodes
 * sharing one PostgreSQL database.
 *
 * <p>The one public entry is {@link org.summarybot.scheduling.persistence.jdbi.JdbiTaskStore#builder()}; every
 * other class is package-private. Schema migrations live in {@code db/migration} and are applied at start
 * (configurable); a database whose schema is newer than this code is refused. PostgreSQL claims due tasks in one
 * {@code UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING} statement, which also tells whether the claim is the
 * first for its due time ({@code tasks.claimed_due}); H2 (file mode, with automatic mixed mode so
 * CLI commands can open it beside a running daemon) serves one node. Due times and leases are judged by the
 * caller's clock or, for several nodes, by the database's ({@code TimeSource.DATABASE}). On PostgreSQL,
 * completions and delivery-log inserts made by a store's threads at about the same time are group-committed: written together in
 * one transaction (a lease-lost or deleted-task completion refused alone, a batch that fails as a whole retried one
 * write at a time), each caller returning once its own write committed. A completion's delivery keys are written
 * in its own transaction and kept even when it is refused.
 *
 * <p>The parts, each readable alone: {@code JdbiTaskStore} checks arguments and hands each
 * call on; {@code Claiming} leases due tasks (fencing tokens: {@code Fence}); {@code Leases} extends and releases
 * them and gives the wake-up hint; {@code TaskWrites} and {@code TaskQueries} are people's writes and the reads;
 * {@code WriteQueue} sends completions and delivery-log inserts into the group commit ({@code GroupCommit}), whose
 * batches {@code BatchWriter} writes ({@code OneStatementBatch} on PostgreSQL), or on H2 to {@code Completions}
 * one at a time. {@code Database} is the pool and the transactions, {@code JudgingClock} the time source. A claim
 * goes {@code Claiming} -> (heartbeats: {@code Leases}) -> {@code WriteQueue} -> {@code GroupCommit} ->
 * {@code BatchWriter} -> {@code OneStatementBatch}, with changed rows and failed batches handled alone. See the
 * module README ("Code: the parts of the store").
 */
package org.summarybot.scheduling.persistence.jdbi;
