package io.fraudstream.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-protocol schema registry the serdes need: register or look up the id of a schema
 * under a subject, and fetch a schema by id.
 *
 * <p>{@link SchemaRegistryClient} implements it over HTTP. Implementations are thread-safe and report failures as
 * {@link SchemaRegistryException}.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (or finds its existing registration) and returns its global id. */
    int register(String subject, Schema schema);

    /** Returns the global id of {@code schema} already registered under {@code subject}, without registering it. */
    int idFor(String subject, Schema schema);

    /** Returns the schema with global id {@code id}. */
    Schema getById(int id);

    /** Returns the latest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /**
     * Closes {@code registry} if its implementation holds resources ({@link AutoCloseable}, as
     * {@link SchemaRegistryClient} does); for a serde that created the registry it uses.
     *
     * @throws IllegalStateException if closing fails
     */
    static void closeIfCloseable(SchemaRegistry registry) {
        if (registry instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the schema registry client", e);
            }
        }
    }
}
