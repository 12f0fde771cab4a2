package io.fraudstream.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronized, growable byte buffer reused by one thread across records; {@link #reset()} before each record.
 * A buffer that grew beyond {@link #RETAIN_LIMIT} (a large model, say) is shrunk on reset so a thread does not hold
 * on to it.
 */
final class ReusableBuffer extends OutputStream {

    static final int INITIAL_CAPACITY = 512;
    static final int RETAIN_LIMIT = 1 << 20;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int count;

    void reset() {
        if (buf.length > RETAIN_LIMIT) {
            buf = new byte[INITIAL_CAPACITY];
        }
        count = 0;
    }

    /** Writes {@code value} as a 4-byte big-endian int. */
    void writeInt(int value) {
        ensure(4);
        buf[count] = (byte) (value >>> 24);
        buf[count + 1] = (byte) (value >>> 16);
        buf[count + 2] = (byte) (value >>> 8);
        buf[count + 3] = (byte) value;
        count += 4;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** A copy of the bytes written since the last reset. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    private void ensure(int extra) {
        int needed = count + extra;
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }
}
