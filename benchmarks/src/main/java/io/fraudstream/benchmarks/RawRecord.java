package io.fraudstream.benchmarks;

/**
 * One serialized raw transaction, as produced to transactions.raw and to the relay's and the ceiling's inputs.
 *
 * @param id        the transaction id (how an output record is matched to its input)
 * @param key       the card token, serialized
 * @param value     the Avro {@code Transaction}, serialized
 * @param eventTime the transaction's event time (epoch ms), the record's create timestamp
 */
record RawRecord(String id, byte[] key, byte[] value, long eventTime) {}
