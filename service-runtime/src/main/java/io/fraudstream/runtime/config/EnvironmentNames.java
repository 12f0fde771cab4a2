package io.fraudstream.runtime.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Maps configuration keys to environment variable names and back: {@code FRAUDSTREAM_} prefix, upper case,
 * {@code .} as {@code _}, and a literal {@code _} as {@code __}. So {@code FRAUDSTREAM_SCHEMA_REGISTRY_URL} is
 * {@code schema.registry.url} and {@code FRAUDSTREAM_FOO__BAR_BAZ} is {@code foo_bar.baz}.
 */
public final class EnvironmentNames {

    /** Prefix of every environment variable read as configuration. */
    public static final String PREFIX = "FRAUDSTREAM_";

    private EnvironmentNames() {}

    /** The environment variable that sets {@code key}. */
    public static String variableFor(String key) {
        return PREFIX + key.replace("_", "__").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The key an environment variable sets, or empty if the variable is not a fraudstream one. */
    public static Optional<String> keyFor(String variable) {
        if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length()) {
            return Optional.empty();
        }
        String rest = variable.substring(PREFIX.length());
        StringBuilder key = new StringBuilder(rest.length());
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '_' && i + 1 < rest.length() && rest.charAt(i + 1) == '_') {
                key.append('_');
                i++;
            } else if (c == '_') {
                key.append('.');
            } else {
                key.append(Character.toLowerCase(c));
            }
        }
        return Optional.of(key.toString());
    }
}
