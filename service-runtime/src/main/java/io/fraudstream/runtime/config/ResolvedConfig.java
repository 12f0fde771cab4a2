package io.fraudstream.runtime.config;

import java.util.Map;
import java.util.Objects;

/**
 * Configuration values merged from every source, each with where it came from (for startup logs and error
 * messages). Keys left to their {@code ConfigDef} default are absent.
 *
 * @param values  key to raw string value
 * @param sources key to a description of its source, such as {@code environment variable FRAUDSTREAM_HTTP_PORT}
 * @param ignoredVariables {@code FRAUDSTREAM_*} environment variables for keys this service does not declare, each
 *                with why it was ignored (another service's key, or no service's)
 */
public record ResolvedConfig(
        Map<String, String> values, Map<String, String> sources, Map<String, String> ignoredVariables) {

    public ResolvedConfig {
        values = Map.copyOf(values);
        sources = Map.copyOf(sources);
        ignoredVariables = Map.copyOf(ignoredVariables);
    }

    /** Where {@code key}'s value came from; {@code "default"} if no source set it. */
    public String source(String key) {
        Objects.requireNonNull(key, "key");
        return sources.getOrDefault(key, "default");
    }
}
