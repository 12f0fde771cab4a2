package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.avro.FraudLabel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link MerchantEvent}s on the merchant repartition topics (internal: only this application reads them): one tag
 * byte, then a transaction (event time, terminal id length (-1: none) and UTF-8 bytes, transaction id UTF-8 bytes),
 * the label in plain Avro binary ({@link AvroBinarySerde}), or a watermark (time, idle flag, upstream id).
 */
public final class MerchantEventSerde implements Serde<MerchantEvent> {

    private static final byte TRANSACTION = 1;
    private static final byte LABEL = 2;
    private static final byte WATERMARK = 3;

    private final AvroBinarySerde<FraudLabel> labels = new AvroBinarySerde<>(FraudLabel.class);

    @Override
    public Serializer<MerchantEvent> serializer() {
        Serializer<FraudLabel> l = labels.serializer();
        return (topic, e) -> {
            if (e == null) {
                return null;
            }
            if (e.isWatermark()) {
                byte[] id = e.upstream().getBytes(StandardCharsets.UTF_8);
                return ByteBuffer.allocate(1 + 8 + 1 + id.length)
                        .put(WATERMARK)
                        .putLong(e.time())
                        .put((byte) (e.idle() ? 1 : 0))
                        .put(id)
                        .array();
            }
            if (e.transaction() != null) {
                MerchantEvent.Tx tx = e.transaction();
                byte[] id = tx.id().getBytes(StandardCharsets.UTF_8);
                byte[] terminal =
                        tx.terminalId() == null ? new byte[0] : tx.terminalId().getBytes(StandardCharsets.UTF_8);
                return ByteBuffer.allocate(1 + 8 + 4 + terminal.length + id.length)
                        .put(TRANSACTION)
                        .putLong(tx.time())
                        .putInt(tx.terminalId() == null ? -1 : terminal.length)
                        .put(terminal)
                        .put(id)
                        .array();
            }
            byte[] body = l.serialize(topic, e.label());
            byte[] out = new byte[body.length + 1];
            out[0] = LABEL;
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        };
    }

    @Override
    public Deserializer<MerchantEvent> deserializer() {
        Deserializer<FraudLabel> l = labels.deserializer();
        return (topic, bytes) -> {
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            return switch (bytes[0]) {
                case TRANSACTION -> {
                    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                    long time = b.getLong();
                    int terminalLength = b.getInt();
                    String terminal = null;
                    if (terminalLength >= 0) {
                        byte[] t = new byte[terminalLength];
                        b.get(t);
                        terminal = new String(t, StandardCharsets.UTF_8);
                    }
                    byte[] id = new byte[b.remaining()];
                    b.get(id);
                    yield MerchantEvent.transaction(
                            new MerchantEvent.Tx(new String(id, StandardCharsets.UTF_8), time, terminal));
                }
                case LABEL -> MerchantEvent.label(l.deserialize(topic, Arrays.copyOfRange(bytes, 1, bytes.length)));
                case WATERMARK -> {
                    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                    long time = b.getLong();
                    boolean idle = b.get() != 0;
                    byte[] id = new byte[b.remaining()];
                    b.get(id);
                    yield MerchantEvent.watermark(new String(id, StandardCharsets.UTF_8), time, idle);
                }
                default -> throw new SerializationException("unknown merchant event tag " + bytes[0] + " on " + topic);
            };
        };
    }
}
