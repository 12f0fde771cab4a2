package io.fraudstream.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a schema registered under a subject.
 *
 * @param subject the subject (for example {@code transactions.raw-value})
 * @param id      the registry-wide schema id written into the Confluent wire format
 * @param version the version of the schema within the subject, from 1
 * @param schema  the schema itself
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
