package org.summarybot.scheduling.engine.sample;

/** Stands for core's inside, which adapters never touch. */
public class Inside {
  org.summarybot.scheduling.delivery.sample.Entry cycle;
}
