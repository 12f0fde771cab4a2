package io.fraudstream.inprocess;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (a Kafka Streams application) is behind: end offset minus committed offset, summed over
 * the given input topics and every partition the group has committed (repartition topics included). Exactly-once
 * applications commit their offsets with their output, so zero lag means all input is processed and its output
 * committed. An input topic the group does not read is left out: one of which no member of the stable group is
 * assigned a partition (the one-hop application writes transactions.features but reads none of it, so asking whether
 * its group is behind on that topic is asking whether it is behind at all).
 */
public final class ConsumerLag {

    private ConsumerLag() {}

    /** Records behind on {@code inputs} and on everything {@code group} has committed. */
    public static long of(Admin admin, String group, Set<String> inputs)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        committed.keySet().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
        admin.describeTopics(read(admin, group, inputs))
                .allTopicNames()
                .get()
                .forEach((name, d) -> d.partitions()
                        .forEach(p -> ask.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(ask).all().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    /**
     * The topics of {@code inputs} the group reads: all of them, unless the group is stable, with members, and none of
     * its members is assigned a partition of a topic. While it starts, rebalances or cannot be described, all of them.
     */
    static Set<String> read(Admin admin, String group, Set<String> inputs) throws InterruptedException {
        ConsumerGroupDescription d;
        try {
            d = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get();
        } catch (ExecutionException e) {
            return inputs;
        }
        if (d.groupState() != GroupState.STABLE || d.members().isEmpty()) {
            return inputs;
        }
        Set<String> assigned = d.members().stream()
                .flatMap(m -> m.assignment().topicPartitions().stream())
                .map(TopicPartition::topic)
                .collect(Collectors.toSet());
        return assigned.isEmpty()
                ? inputs
                : inputs.stream().filter(assigned::contains).collect(Collectors.toSet());
    }

    /** Waits until {@link #of} is zero, or fails at the deadline saying how far behind it still was. */
    public static void awaitZero(Admin admin, String group, Set<String> inputs, Duration deadline)
            throws ExecutionException, InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        long lag;
        while ((lag = of(admin, group, inputs)) > 0) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(group + " still " + lag + " records behind on "
                        + inputs.stream().sorted().collect(Collectors.joining(", ")) + " after " + deadline);
            }
            Thread.sleep(200); // polling the broker's committed offsets; the deadline bounds it
        }
    }
}
