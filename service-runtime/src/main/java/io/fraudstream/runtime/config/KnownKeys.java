package io.fraudstream.runtime.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Every configuration key the services of one program declare, so that a service reading a shared environment
 * (one shell, an env file, a Kubernetes ConfigMap) can tell another service's {@code FRAUDSTREAM_*} variable from a
 * typo. Services never depend on each other: whoever sees all of them (the launcher) builds the catalogue from
 * their definitions and hands it to {@link ConfigLoader#withKnownKeys(KnownKeys)}.
 */
public final class KnownKeys {

    private static final KnownKeys NONE = new KnownKeys(new ConfigDef());

    private final ConfigDef union;

    private KnownKeys(ConfigDef union) {
        this.union = union;
    }

    /** No keys beyond the loading service's own: every other variable counts as undeclared. */
    public static KnownKeys none() {
        return NONE;
    }

    /** The keys of {@code definitions} (keys several declare count once). */
    public static KnownKeys of(Collection<ConfigDef> definitions) {
        ConfigDef union = new ConfigDef();
        for (ConfigDef d : definitions) {
            d.configKeys().values().stream()
                    .filter(k -> !union.configKeys().containsKey(k.name))
                    .forEach(union::define);
        }
        return new KnownKeys(union);
    }

    /** {@link #of(Collection)} of the given definitions. */
    public static KnownKeys of(ConfigDef... definitions) {
        return of(List.of(definitions));
    }

    /** Whether some service declares {@code key}. */
    public boolean declares(String key) {
        return union.configKeys().containsKey(key);
    }

    /** Every known key, sorted. */
    public Set<String> names() {
        return new TreeSet<>(union.names());
    }

    /** The known key closest to {@code key}, if one is close enough to be a likely typo of it. */
    Optional<String> suggestion(String key) {
        return UnknownKeys.suggestion(union, key);
    }

    @Override
    public String toString() {
        return "KnownKeys" + names();
    }
}
