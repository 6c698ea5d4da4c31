/**
 * The domain model: immutable records validated in their constructors. A {@link
 * org.summarybot.scheduling.model.ScheduledTask} says what to summarise ({@code channelIds}), when ({@code
 * schedule} in a {@code zone}), where to deliver ({@link org.summarybot.scheduling.model.Destination}), and how
 * to treat failure ({@link org.summarybot.scheduling.model.RetryPolicy}, max consecutive failures) and downtime
 * ({@link org.summarybot.scheduling.model.MisfirePolicy}). Each execution is identified by an {@link
 * org.summarybot.scheduling.model.ExecutionId} derived from (task, fire time) and recorded as an {@link
 * org.summarybot.scheduling.model.ExecutionRecord}.
 */
package org.summarybot.scheduling.model;
