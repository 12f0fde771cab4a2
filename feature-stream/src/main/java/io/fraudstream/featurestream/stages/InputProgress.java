package io.fraudstream.featurestream.stages;

import org.apache.kafka.common.TopicPartition;

/**
 * Whether an upstream task has read everything its input partition holds, so that it may say it is idle
 * ({@link ProgressEmitter}). A task that merely received nothing for a while (a stalled thread, a slow fetch, a
 * backlog not yet fetched) is not idle: the merchant stage would stop waiting for it and apply later events before its
 * earlier ones.
 */
@FunctionalInterface
public interface InputProgress {

    /** For tests without a broker (TopologyTestDriver): a task without input has always read everything. */
    InputProgress ALWAYS_CAUGHT_UP = partition -> true;

    /**
     * @param partition the task's input partition
     * @return true if the application has processed and committed every record {@code partition} holds now (records
     *         the stream dropped or dead-lettered included)
     */
    boolean caughtUp(TopicPartition partition);
}
