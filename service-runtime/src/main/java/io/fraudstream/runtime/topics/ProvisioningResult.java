package io.fraudstream.runtime.topics;

import java.util.List;

/**
 * What {@link TopicProvisioner#ensure} did.
 *
 * @param created  names of the topics it created
 * @param verified names of the existing topics it verified (including ones another instance created concurrently)
 * @param warnings differences it tolerated and logged (retention, replication factor)
 */
public record ProvisioningResult(List<String> created, List<String> verified, List<TopicMismatch> warnings) {

    public ProvisioningResult {
        created = List.copyOf(created);
        verified = List.copyOf(verified);
        warnings = List.copyOf(warnings);
    }
}
