package io.fraudstream.runtime.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings of a plain Kafka client a Streams application runs beside its own (a dead-letter producer, a progress
 * consumer), taken from the application's Streams properties: the keys that client understands (bootstrap servers,
 * security, …), then Streams' {@code producer.*} / {@code consumer.*} overrides for it.
 */
public final class ClientConfigs {

    private ClientConfigs() {}

    /** A producer's settings from {@code streamsProps}. */
    public static Map<String, Object> producer(Map<String, ?> streamsProps) {
        return of(streamsProps, ProducerConfig.configNames(), StreamsConfig.PRODUCER_PREFIX);
    }

    /** A consumer's settings from {@code streamsProps}. */
    public static Map<String, Object> consumer(Map<String, ?> streamsProps) {
        return of(streamsProps, ConsumerConfig.configNames(), StreamsConfig.CONSUMER_PREFIX);
    }

    private static Map<String, Object> of(Map<String, ?> streamsProps, Set<String> known, String prefix) {
        Map<String, Object> c = new HashMap<>();
        streamsProps.forEach((k, v) -> {
            if (known.contains(k)) {
                c.put(k, v);
            }
        });
        streamsProps.forEach((k, v) -> {
            if (k.startsWith(prefix) && known.contains(k.substring(prefix.length()))) {
                c.put(k.substring(prefix.length()), v);
            }
        });
        return c;
    }
}
