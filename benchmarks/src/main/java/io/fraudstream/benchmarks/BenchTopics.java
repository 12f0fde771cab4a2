package io.fraudstream.benchmarks;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A benchmark's own topics ({@code <prefix><id>}, created fresh), so the real ones stay clean; the topics in
 * {@code appendTimed} use {@code LogAppendTime}, so a record's timestamp is when the broker appended it and latencies
 * are measured append to append. {@link #configOverrides()} points a service at them.
 */
public final class BenchTopics {

    private final TopicCatalogue catalogue;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private BenchTopics(TopicCatalogue catalogue) {
        this.catalogue = catalogue;
        for (String id : TopicCatalogue.IDS) {
            overrides.put(RuntimeConfig.topicNameKey(id), catalogue.byId(id).name());
        }
    }

    /** Creates every catalogue topic as {@code prefix + id} (partitions as configured by default). */
    public static BenchTopics create(
            String bootstrapServers,
            SchemaRegistryClient registry,
            String prefix,
            int partitions,
            Set<String> appendTimed) {
        TopicCatalogue.Settings.Builder b = TopicCatalogue.Settings.builder().defaultPartitions(partitions);
        for (String id : TopicCatalogue.IDS) {
            b.name(id, prefix + id);
        }
        appendTimed.forEach(id -> b.config(id, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        TopicCatalogue catalogue = TopicCatalogue.create(b.build(), AvroSerdes.create(registry, true));
        try (Admin admin =
                Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicProvisioner(admin).ensure(catalogue.all());
        }
        return new BenchTopics(catalogue);
    }

    public TopicCatalogue catalogue() {
        return catalogue;
    }

    /** {@code topics.<id>.name} for every topic, plus {@code topics.provision=false}. */
    public Map<String, String> configOverrides() {
        Map<String, String> c = new LinkedHashMap<>(overrides);
        c.put("topics.provision", "false");
        return c;
    }

    /** Deletes every topic whose name starts with {@code run} (a benchmark's own and its services' internal ones); best effort. */
    public static void deleteRun(Admin admin, String run, PrintWriter out) {
        try {
            List<String> mine = admin.listTopics().names().get(1, TimeUnit.MINUTES).stream()
                    .filter(n -> n.startsWith(run))
                    .sorted()
                    .toList();
            admin.deleteTopics(mine).all().get(1, TimeUnit.MINUTES);
            out.printf(Locale.ROOT, "deleted the %d topics of this run (%s*)%n", mine.size(), run);
        } catch (Exception e) {
            out.printf(Locale.ROOT, "could not delete the topics %s*: %s%n", run, e);
        }
        out.flush();
    }
}
