package io.fraudstream.runtime.topics;

import io.fraudstream.schemas.registry.CompatibilityLevel;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.registry.SchemaRegistryException;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the registry ready before the first record: registers the value schema of every topic of the catalogue
 * under its TopicNameStrategy subject ({@code <topic>-value}) and sets each subject's own compatibility level to
 * {@link CompatibilityLevel#BACKWARD}, so that a client which reads the subject's level ({@code GET /config/{subject}})
 * before registering finds BACKWARD, and one that looks a schema up finds it before any service has written.
 *
 * <p>Uses only calls Confluent's Schema Registry and Apicurio's Confluent-compatible API both serve:
 * {@code GET /subjects}, {@code POST /subjects/{subject}/versions} and {@code PUT /config/{subject}}. The schema is
 * sent as {@link Schema#toString()} gives it, the form the serializers register. A subject that exists already gets
 * BACKWARD before the registration, so an incompatible schema is refused (HTTP 409) rather than let in under a
 * weaker level; a new subject gets it right after (Apicurio has no configuration for a subject that does not exist).
 * Idempotent, and safe when several services start at once.
 */
public final class SchemaProvisioner {
    private static final Logger log = LoggerFactory.getLogger(SchemaProvisioner.class);

    /** The level every subject of the catalogue gets. */
    public static final CompatibilityLevel LEVEL = CompatibilityLevel.BACKWARD;

    private final SchemaRegistryClient registry;

    /** Does not own {@code registry}: the caller closes it. */
    public SchemaProvisioner(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A subject made ready: its name, the id of the schema registered under it, and whether it existed before. */
    public record Subject(String name, int schemaId, boolean existed) {}

    /**
     * Registers the value schema of every topic of {@code catalogue} and sets each subject's compatibility.
     *
     * @throws SchemaProvisioningException if the registry is unreachable or refuses a schema (for example one that
     *                                     is not BACKWARD-compatible with the subject's latest version)
     */
    public List<Subject> ensure(TopicCatalogue catalogue) {
        Set<String> existing = new HashSet<>(call("listing subjects", registry::subjects));
        List<Subject> out = new ArrayList<>();
        for (TopicSpec<?, ?> spec : catalogue.avroTopics()) {
            out.add(ensure(
                    AvroSerdes.valueSubject(spec.name()),
                    catalogue.valueSchema(spec.id()),
                    existing.contains(AvroSerdes.valueSubject(spec.name()))));
        }
        log.info(
                "schemas ready: {} subjects registered with compatibility {}: {}",
                out.size(),
                LEVEL,
                out.stream().map(s -> s.name() + " (id " + s.schemaId() + ")").toList());
        return List.copyOf(out);
    }

    private Subject ensure(String subject, Schema schema, boolean existed) {
        if (existed) {
            setLevel(subject);
        }
        int id = call(
                "registering " + schema.getFullName() + " under subject '" + subject + "'",
                () -> registry.register(subject, schema));
        if (!existed) {
            setLevel(subject);
        }
        return new Subject(subject, id, existed);
    }

    private void setLevel(String subject) {
        call("setting the compatibility of subject '" + subject + "' to " + LEVEL, () -> {
            registry.setCompatibility(subject, LEVEL);
            return null;
        });
    }

    private static <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SchemaRegistryException e) {
            throw new SchemaProvisioningException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** The registry could not be asked, or refused a schema or a compatibility level. */
    public static final class SchemaProvisioningException extends TopicProvisioningException {
        SchemaProvisioningException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
