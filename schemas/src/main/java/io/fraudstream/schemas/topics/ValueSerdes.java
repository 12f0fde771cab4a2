package io.fraudstream.schemas.topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Makes the value serde for a topic carrying Avro records of one type (implemented by the Avro serdes). */
public interface ValueSerdes {
    /**
     * @param type    the generated Avro class the topic carries
     * @return a serde for values of that type; configured, ready to use
     */
    <V extends SpecificRecord> Serde<V> forValue(Class<V> type);
}
