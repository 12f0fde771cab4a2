package io.fraudstream.featurestream.stages;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The last processor of an upstream task before the merchant repartition: forwards its data and, every
 * {@code interval} of wall-clock time, a watermark ({@link Watermarks}): the latest event time this task has forwarded
 * minus the allowed {@code lateness}, flagged idle when the task has forwarded nothing for {@code idleAfter} and has
 * processed everything its input partition holds ({@link InputProgress}). Watermarks only go forward, and are only sent
 * when they change.
 *
 * <p>The watermark is written by the task's producer in the task's transaction, after the data it covers, so the
 * merchant stage reads it after that data on every partition.
 */
public final class ProgressEmitter implements Processor<String, MerchantEvent, String, MerchantEvent> {

    private final String kind;
    private final String inputTopic;
    private final InputProgress inputProgress;
    private final Duration interval;
    private final Duration lateness;
    private final Duration idleAfter;
    private ProcessorContext<String, MerchantEvent> context;
    private String upstream;
    private TopicPartition input;
    private long maxSeen = Long.MIN_VALUE;
    private long lastInputAt;
    private long lastIdleCheck;
    private boolean idle;
    private long sentTime = Long.MIN_VALUE;
    private Boolean sentIdle;

    /**
     * @param kind          {@link Watermarks#TRANSACTIONS} or {@link Watermarks#LABELS}
     * @param inputTopic    the task's input topic
     * @param inputProgress whether the task has read its input partition to the end
     * @param interval      how often (wall clock) a watermark may be sent
     * @param lateness      how far behind the task's latest event time an event may be and still be applied in order
     * @param idleAfter     wall-clock time without input after which the task checks whether it is idle
     */
    public ProgressEmitter(
            String kind,
            String inputTopic,
            InputProgress inputProgress,
            Duration interval,
            Duration lateness,
            Duration idleAfter) {
        this.kind = kind;
        this.inputTopic = inputTopic;
        this.inputProgress = inputProgress;
        this.interval = interval;
        this.lateness = lateness;
        this.idleAfter = idleAfter;
    }

    @Override
    public void init(ProcessorContext<String, MerchantEvent> context) {
        this.context = context;
        this.upstream = Watermarks.upstreamId(kind, context.taskId().partition());
        this.input = new TopicPartition(inputTopic, context.taskId().partition());
        this.lastInputAt = context.currentSystemTimeMs();
        this.lastIdleCheck = lastInputAt;
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::emit);
    }

    @Override
    public void process(Record<String, MerchantEvent> record) {
        maxSeen = Math.max(maxSeen, record.value().eventTime());
        lastInputAt = context.currentSystemTimeMs();
        idle = false;
        context.forward(record);
    }

    private void emit(long now) {
        if (!idle && now - lastInputAt >= idleAfter.toMillis() && now - lastIdleCheck >= idleAfter.toMillis()) {
            lastIdleCheck = now;
            // no input for a while: idle only if everything the partition holds has been processed (a stalled thread
            // or a slow fetch with a backlog behind it is not idle)
            idle = inputProgress.caughtUp(input);
        }
        if (maxSeen == Long.MIN_VALUE && !idle) {
            return; // nothing forwarded yet, and not idle
        }
        long time = maxSeen == Long.MIN_VALUE ? Long.MIN_VALUE : maxSeen - lateness.toMillis();
        time = Math.max(time, sentTime);
        if (time == sentTime && Boolean.valueOf(idle).equals(sentIdle)) {
            return;
        }
        sentTime = time;
        sentIdle = idle;
        long timestamp = Math.max(0, maxSeen); // the event-time domain, like the data
        context.forward(new Record<>(upstream, MerchantEvent.watermark(upstream, time, idle), timestamp));
    }
}
