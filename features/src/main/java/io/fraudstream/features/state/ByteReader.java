package io.fraudstream.features.state;

/** Reads what {@link ByteWriter} wrote; fails with {@link IllegalArgumentException} on truncated input. */
final class ByteReader {
    private final byte[] buf;
    private int pos;

    ByteReader(byte[] buf) {
        this.buf = buf;
    }

    int readByte() {
        need(1);
        return buf[pos++] & 0xff;
    }

    long readVarLong() {
        long z = 0;
        int shift = 0;
        while (true) {
            need(1);
            byte b = buf[pos++];
            z |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("malformed varint at " + pos);
            }
        }
        return (z >>> 1) ^ -(z & 1);
    }

    long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    boolean atEnd() {
        return pos == buf.length;
    }

    private void need(int n) {
        if (pos + n > buf.length) {
            throw new IllegalArgumentException(
                    "truncated state: need " + n + " byte(s) at " + pos + " of " + buf.length);
        }
    }
}
