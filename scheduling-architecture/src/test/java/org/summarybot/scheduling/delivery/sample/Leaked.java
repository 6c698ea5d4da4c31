package org.summarybot.scheduling.delivery.sample;

/** A sample adapter's implementation class that was made public by mistake, and reaches into the engine's package. */
public class Leaked {
  org.summarybot.scheduling.engine.sample.Inside inside;
}
