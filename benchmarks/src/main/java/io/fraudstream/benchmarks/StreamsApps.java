package io.fraudstream.benchmarks;

import io.fraudstream.inprocess.ConsumerLag;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka Streams applications of a benchmark run, found on the broker by their application ids' prefix (whatever
 * the pipeline runs: two services today, one one-hop application soon): their consumer groups' lag and the bytes
 * their internal topics (changelogs, repartitions; named {@code <application id>-...}) hold on the broker's disks.
 */
final class StreamsApps {

    private final Admin admin;
    private final String prefix;

    /** The applications whose ids start with {@code prefix}. */
    StreamsApps(Admin admin, String prefix) {
        this.admin = admin;
        this.prefix = prefix;
    }

    /** The consumer groups (application ids) starting with the prefix, sorted. */
    List<String> groups() throws Exception {
        return admin.listGroups().all().get(1, TimeUnit.MINUTES).stream()
                .map(GroupListing::groupId)
                .filter(g -> g.startsWith(prefix))
                .sorted()
                .toList();
    }

    /** Records behind, summed over every group and every partition each has committed (see {@link ConsumerLag}). */
    long lag() throws Exception {
        long lag = 0;
        for (String g : groups()) {
            lag += ConsumerLag.of(admin, g, Set.of());
        }
        return lag;
    }

    /** Waits until every group has no lag (fails if there is no group, or at the deadline). */
    void awaitNoLag(Duration deadline) throws Exception {
        List<String> groups = groups();
        if (groups.isEmpty()) {
            throw new IllegalStateException("no consumer group starts with " + prefix);
        }
        for (String g : groups) {
            ConsumerLag.awaitZero(admin, g, Set.of(), deadline);
        }
    }

    /**
     * Bytes on disk of each internal topic (name starting with the prefix, ending with {@code -changelog} or
     * {@code -repartition}): the sizes of its partitions' log directories from {@code describeLogDirs}, one replica per
     * partition (the largest), so record batches with their headers, compressed as written, and transaction markers.
     */
    Map<String, Long> internalTopicBytes() throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get(1, TimeUnit.MINUTES).stream()
                .map(Node::id)
                .toList();
        Map<TopicPartition, Long> partitions = new HashMap<>();
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers)
                .allDescriptions()
                .get(1, TimeUnit.MINUTES)
                .values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> e :
                        dir.replicaInfos().entrySet()) {
                    String topic = e.getKey().topic();
                    if (topic.startsWith(prefix)
                            && ChangelogBytes.kindOf(topic) != null
                            && !e.getValue().isFuture()) {
                        partitions.merge(e.getKey(), e.getValue().size(), Math::max);
                    }
                }
            }
        }
        Map<String, Long> topics = new TreeMap<>();
        partitions.forEach((tp, size) -> topics.merge(tp.topic(), size, Long::sum));
        return topics;
    }
}
