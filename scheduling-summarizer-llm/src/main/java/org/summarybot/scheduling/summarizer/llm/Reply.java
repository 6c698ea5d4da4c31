package org.summarybot.scheduling.summarizer.llm;

import java.util.OptionalLong;

/**
 * One answer of a model.
 *
 * @param cut the model stopped at the output limit ({@code finish_reason} or {@code done_reason} {@code length})
 * @param inputTokens the prompt tokens the server counted, when it said
 * @param outputTokens the answer tokens the server counted, when it said
 */
record Reply(String text, boolean cut, OptionalLong inputTokens, OptionalLong outputTokens) {}
