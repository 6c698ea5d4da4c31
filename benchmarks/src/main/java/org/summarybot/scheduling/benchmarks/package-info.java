/**
 * JMH benchmarks and load harnesses that measure this project side by side with Quartz, db-scheduler, cron-utils and Spring.
 */
package org.summarybot.scheduling.benchmarks;
