package io.fraudstream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds payloads byte by byte from the specs (Confluent wire format header; Avro binary encoding: zig-zag varints,
 * length-prefixed strings, union branch indexes), independently of the code under test.
 */
final class WireBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a payload with magic byte 0 and {@code schemaId} as a 4-byte big-endian int. */
    static WireBytes header(int schemaId) {
        WireBytes b = new WireBytes();
        b.raw(0, schemaId >>> 24, schemaId >>> 16, schemaId >>> 8, schemaId);
        return b;
    }

    static WireBytes noHeader() {
        return new WireBytes();
    }

    WireBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b & 0xff);
        }
        return this;
    }

    /** Avro long/int: zig-zag, then base-128 varint. */
    WireBytes varLong(long value) {
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return this;
    }

    WireBytes string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varLong(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    WireBytes bool(boolean b) {
        return raw(b ? 1 : 0);
    }

    /** Avro double: 8 bytes little-endian IEEE 754. */
    WireBytes doubleValue(double d) {
        long bits = Double.doubleToLongBits(d);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)) & 0xff);
        }
        return this;
    }

    /** ["null", T] with the null branch. */
    WireBytes nullBranch() {
        return varLong(0);
    }

    /** ["null", string] with a value. */
    WireBytes optString(String s) {
        return varLong(1).string(s);
    }

    /** ["null", long] with a value. */
    WireBytes optLong(long v) {
        return varLong(1).varLong(v);
    }

    /** ["null", double] with a value. */
    WireBytes optDouble(double d) {
        return varLong(1).doubleValue(d);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
