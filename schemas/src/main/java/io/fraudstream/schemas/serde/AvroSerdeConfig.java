package io.fraudstream.schemas.serde;

import io.fraudstream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration keys of the Avro serdes when Kafka clients create them by class name and call
 * {@code configure(Map, isKey)}. The names are Confluent's, so existing client configs work unchanged.
 */
public final class AvroSerdeConfig {

    /** Base URL of the Confluent-protocol schema registry (required). */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Whether the serializer registers the record's schema ({@code true}, default) or only looks its id up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Fully qualified name of the generated Avro class a value deserializer produces. */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** Fully qualified name of the generated Avro class a key deserializer produces. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

    private AvroSerdeConfig() {}

    /** A registry client for {@link #SCHEMA_REGISTRY_URL}; the caller owns (closes) it. */
    static SchemaRegistryClient newClient(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required by the Avro serdes");
        }
        String first = url.toString().split(",")[0].strip();
        try {
            return SchemaRegistryClient.builder(first).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, url, e.getMessage());
        }
    }

    static boolean autoRegister(Map<String, ?> configs) {
        Object value = configs.get(AUTO_REGISTER_SCHEMAS);
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String s = value.toString().strip();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException(AUTO_REGISTER_SCHEMAS, value, "expected true or false");
    }

    /** The generated class named by {@link #SPECIFIC_AVRO_VALUE_TYPE} (or the key variant). */
    static Class<? extends SpecificRecord> recordType(Map<String, ?> configs, boolean isKey) {
        String key = isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE;
        Object value = configs.get(key);
        if (value == null) {
            throw new ConfigException(
                    key + " is required by the Avro deserializer: the generated Avro class to produce");
        }
        Class<?> type;
        if (value instanceof Class<?> c) {
            type = c;
        } else {
            try {
                type = Class.forName(
                        value.toString().strip(),
                        true,
                        Thread.currentThread().getContextClassLoader() != null
                                ? Thread.currentThread().getContextClassLoader()
                                : AvroSerdeConfig.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, value, "class not found");
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key, value, "not a generated Avro class (does not implement SpecificRecord)");
        }
        return type.asSubclass(SpecificRecord.class);
    }
}
