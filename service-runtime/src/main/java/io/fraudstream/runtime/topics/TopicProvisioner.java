package io.fraudstream.runtime.topics;

import io.fraudstream.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the broker's topics match the catalogue: creates missing topics (partitions, replication factor, cleanup
 * policy, retention) and verifies existing ones with {@link TopicComparison}. Several instances may start at once:
 * a topic another instance created first is verified instead. Every contradiction of every topic is reported in
 * one {@link TopicMismatchException}; tolerated differences are logged as warnings.
 *
 * <p>Does not own the {@link Admin}: the caller closes it.
 */
public final class TopicProvisioner {

    /** How long each admin call may take unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Duration timeout;

    /** A provisioner whose admin calls may each take {@link #DEFAULT_TIMEOUT}. */
    public TopicProvisioner(Admin admin) {
        this(admin, DEFAULT_TIMEOUT);
    }

    /** A provisioner whose admin calls may each take {@code timeout}. */
    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates the missing topics of {@code specs} and verifies the existing ones.
     *
     * @throws TopicMismatchException     if existing topics contradict their specs (all contradictions listed)
     * @throws TopicProvisioningException if the broker cannot be asked or refuses to create a topic
     * @throws IllegalArgumentException   if two specs share a topic name
     */
    public ProvisioningResult ensure(Collection<? extends TopicSpec<?, ?>> specs) {
        TopicComparison.requireDistinctNames(specs);
        Set<String> existing = await(() -> admin.listTopics().names(), "listing topics");
        List<TopicSpec<?, ?>> toCreate = specs.stream()
                .filter(s -> !existing.contains(s.name()))
                .<TopicSpec<?, ?>>map(s -> s)
                .toList();
        List<TopicSpec<?, ?>> toVerify = new ArrayList<>(
                specs.stream().filter(s -> existing.contains(s.name())).toList());

        List<String> created = new ArrayList<>();
        if (!toCreate.isEmpty()) {
            CreateTopicsResult result = admin.createTopics(
                    toCreate.stream().map(TopicProvisioner::newTopic).toList());
            for (TopicSpec<?, ?> spec : toCreate) {
                if (create(result.values().get(spec.name()), spec)) {
                    created.add(spec.name());
                } else {
                    toVerify.add(spec);
                }
            }
        }

        awaitServed(created, specs);
        List<TopicMismatch> mismatches = verify(toVerify);
        List<TopicMismatch> errors = mismatches.stream()
                .filter(m -> m.severity() == TopicMismatch.Severity.ERROR)
                .toList();
        List<TopicMismatch> warnings = mismatches.stream()
                .filter(m -> m.severity() == TopicMismatch.Severity.WARNING)
                .toList();
        warnings.forEach(w -> log.warn("topic {}", w.describe()));
        if (!errors.isEmpty()) {
            throw new TopicMismatchException(errors);
        }
        List<String> verified = toVerify.stream().map(TopicSpec::name).toList();
        log.info("topics ready: created {}, verified {}", created, verified);
        return new ProvisioningResult(created, verified, warnings);
    }

    /**
     * Waits until the broker serves every partition of the topics just created (it answers their offsets). Creation
     * completes when the controller has committed it; the broker creates the partitions' logs a moment later. An
     * idempotent producer that writes in that moment can have its first batch rejected while a later one is
     * appended, after which the first fails with {@code OutOfOrderSequenceException} until it expires: records lost.
     * Seen on the local stack (253 records of a freshly created partition); so no topic is handed out before this.
     */
    private void awaitServed(List<String> created, Collection<? extends TopicSpec<?, ?>> specs) {
        if (created.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicSpec<?, ?> spec : specs) {
            if (created.contains(spec.name())) {
                for (int p = 0; p < spec.partitions(); p++) {
                    partitions.put(new TopicPartition(spec.name(), p), OffsetSpec.latest());
                }
            }
        }
        await(
                () -> admin.listOffsets(partitions).all(),
                "waiting for the broker to serve the partitions of " + created);
    }

    /** True if created; false if another client created it first. */
    private boolean create(KafkaFuture<Void> future, TopicSpec<?, ?> spec) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("created topic {}", spec);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                log.info("topic {} was created concurrently; verifying it", spec.name());
                return false;
            }
            throw new TopicProvisioningException("creating topic " + spec + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("creating topic " + spec.name() + " timed out after " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while creating topic " + spec.name(), e);
        }
    }

    private List<TopicMismatch> verify(List<TopicSpec<?, ?>> specs) {
        if (specs.isEmpty()) {
            return List.of();
        }
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions =
                await(() -> admin.describeTopics(names).allTopicNames(), "describing topics " + names);
        Map<ConfigResource, Config> configs = await(
                () -> admin.describeConfigs(names.stream()
                                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                                .toList())
                        .all(),
                "describing configs of topics " + names);
        Map<String, Config> configsByName = new HashMap<>();
        configs.forEach((resource, config) -> configsByName.put(resource.name(), config));

        List<TopicMismatch> out = new ArrayList<>();
        for (TopicSpec<?, ?> spec : specs) {
            out.addAll(TopicComparison.compare(
                    spec, existing(descriptions.get(spec.name()), configsByName.get(spec.name()))));
        }
        return out;
    }

    private static ExistingTopic existing(TopicDescription description, Config config) {
        Map<String, String> values = new LinkedHashMap<>();
        if (config != null) {
            for (ConfigEntry entry : config.entries()) {
                if (entry.value() != null) {
                    values.put(entry.name(), entry.value());
                }
            }
        }
        int replication = description.partitions().isEmpty()
                ? 0
                : description.partitions().get(0).replicas().size();
        return new ExistingTopic(description.name(), description.partitions().size(), replication, values);
    }

    private static NewTopic newTopic(TopicSpec<?, ?> spec) {
        return new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.topicConfigs());
    }

    /**
     * Waits for an admin call, repeating it while the broker answers with a retriable error (a topic created a
     * moment ago may not be in every broker's metadata yet), until {@link #timeout} has passed.
     */
    private <T> T await(java.util.function.Supplier<KafkaFuture<T>> call, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.get().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                        || System.nanoTime() > deadline) {
                    throw new TopicProvisioningException(what + " failed: " + e.getCause(), e.getCause());
                }
                log.debug("{}: {}; retrying", what, e.getCause().toString());
                backOff(what);
            } catch (TimeoutException e) {
                throw new TopicProvisioningException(
                        what + " timed out after " + timeout + ": is the broker reachable?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while " + what, e);
            }
        }
    }

    private static void backOff(String what) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while " + what, e);
        }
    }
}
