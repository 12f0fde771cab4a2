package io.fraudstream.features.state;

/**
 * A 64-bit hash of identifiers (transaction ids, merchant ids) so the state stores 8 bytes per id instead of the id:
 * FNV-1a over the UTF-16 code units, finished with the MurmurHash3 64-bit finalizer for avalanche. Two different ids
 * collide with probability about 2^-64, so a card with 1,000 events in its history mistakes a new transaction for a
 * duplicate (or a new merchant for a known one) with probability below 10^-13. Stable across JVMs and versions:
 * changing it changes the meaning of stored state.
 */
public final class Hash64 {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hash64() {}

    /** The hash of {@code s}. */
    public static long of(CharSequence s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h ^= c & 0xff;
            h *= FNV_PRIME;
            h ^= c >>> 8;
            h *= FNV_PRIME;
        }
        return fmix64(h);
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
