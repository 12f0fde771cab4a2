package io.fraudstream.runtime.topics;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service starts with: a schema registry client for {@code schema.registry.url}, the topic catalogue
 * with Avro serdes on it, and (when {@code topics.provision} is on) every topic of the catalogue created or verified
 * and, for a service that registers schemas, every topic's value schema registered with its subject's compatibility
 * set to BACKWARD ({@link SchemaProvisioner}). Closing it closes the registry client.
 */
public final class ServiceTopics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceTopics.class);

    private final SchemaRegistryClient registry;
    private final TopicCatalogue catalogue;

    private ServiceTopics(SchemaRegistryClient registry, TopicCatalogue catalogue) {
        this.registry = registry;
        this.catalogue = catalogue;
    }

    /**
     * @param config              the service's configuration
     * @param autoRegisterSchemas whether serializers register their schemas (false: look them up only, and leave the
     *                            registry's subjects as they are)
     * @throws ConfigException            if no schema registry URL is configured
     * @throws TopicMismatchException     if existing topics contradict the catalogue
     * @throws TopicProvisioningException if the broker cannot be asked, or the registry refuses a schema
     */
    public static ServiceTopics open(RuntimeConfig config, boolean autoRegisterSchemas) {
        String url = config.schemaRegistryUrl()
                .map(Object::toString)
                .orElseThrow(() -> new ConfigException(
                        RuntimeConfig.SCHEMA_REGISTRY_URL + " is required (or " + RuntimeConfig.LOCAL_STACK_FILE
                                + " pointing at a running local stack: ./fraudstream local start)"));
        SchemaRegistryClient registry = SchemaRegistryClient.builder(url).build();
        try {
            TopicCatalogue catalogue =
                    TopicCatalogue.create(config.topicSettings(), AvroSerdes.create(registry, autoRegisterSchemas));
            if (config.provisionTopics()) {
                try (Admin admin = Admin.create(config.adminProps())) {
                    ProvisioningResult r = new TopicProvisioner(admin).ensure(catalogue.all());
                    log.info("topics: created {}, verified {}", r.created(), r.verified());
                }
                if (autoRegisterSchemas) {
                    new SchemaProvisioner(registry).ensure(catalogue);
                }
            }
            return new ServiceTopics(registry, catalogue);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public TopicCatalogue catalogue() {
        return catalogue;
    }

    @Override
    public void close() {
        registry.close();
    }
}
