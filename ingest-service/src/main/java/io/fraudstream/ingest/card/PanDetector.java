package io.fraudstream.ingest.card;

/**
 * Finds text that looks like a card number, to prove that none leaves the service.
 *
 * <p>A <em>run</em> is a maximal sequence of ASCII digits in which single spaces or dashes may separate groups
 * of digits ({@code 4111 1111 1111 1111}, {@code 4111-1111-1111-1111}, {@code 4111111111111111}). The text is
 * PAN-like if, within some run, a sequence of whole consecutive groups holding 13 to 19 digits passes the Luhn
 * check. A run's first digit may also be skipped when the run starts: in Avro binary a string's length prefix
 * can be an ASCII digit or space glued to the PAN that follows, and such a PAN must still be found.
 *
 * <p>It is a detector for tests and audits, not a validator: a random 13–19 digit number passes Luhn one time
 * in ten, so feed it data where such numbers are not expected (render timestamps as ISO-8601, for instance).
 */
public final class PanDetector {

    private static final int MIN = 13;
    private static final int MAX = 19;

    private PanDetector() {}

    /** True if {@code text} contains a PAN-like run (see class doc). */
    public static boolean containsPanLike(CharSequence text) {
        if (text == null) return false;
        int n = text.length();
        byte[] buf = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            buf[i] = c < 128 ? (byte) c : (byte) '?';
        }
        return containsPanLike(buf);
    }

    /** True if {@code bytes}, read as ASCII (any other byte breaks a run), contain a PAN-like run. */
    public static boolean containsPanLike(byte[] bytes) {
        if (bytes == null) return false;
        int n = bytes.length;
        byte[] digits = new byte[64];
        int[] groupStart = new int[64];
        int i = 0;
        while (i < n) {
            if (!isDigit(bytes[i])) {
                i++;
                continue;
            }
            // collect one run: digits with single separators between digit groups
            int nd = 0;
            int ng = 0;
            groupStart[ng++] = 0;
            while (i < n) {
                byte b = bytes[i];
                if (isDigit(b)) {
                    if (nd == digits.length) {
                        digits = java.util.Arrays.copyOf(digits, nd * 2);
                    }
                    digits[nd++] = b;
                    i++;
                } else if ((b == ' ' || b == '-') && i + 1 < n && isDigit(bytes[i + 1])) {
                    if (ng == groupStart.length) {
                        groupStart = java.util.Arrays.copyOf(groupStart, ng * 2);
                    }
                    groupStart[ng++] = nd;
                    i++;
                } else {
                    break;
                }
            }
            if (nd >= MIN && runHasPan(digits, nd, groupStart, ng)) {
                java.util.Arrays.fill(digits, 0, nd, (byte) 0);
                return true;
            }
            java.util.Arrays.fill(digits, 0, nd, (byte) 0);
        }
        return false;
    }

    private static boolean runHasPan(byte[] digits, int nd, int[] groupStart, int ng) {
        // candidate starts: every group start, plus one digit into the run (a glued length prefix)
        for (int s = -1; s < ng; s++) {
            int from = s < 0 ? 1 : groupStart[s];
            // candidate ends: every group end, which is the next group's start or the run end
            for (int e = Math.max(s, 0); e < ng; e++) {
                int to = e + 1 < ng ? groupStart[e + 1] : nd;
                int len = to - from;
                if (len > MAX) break;
                if (len >= MIN && Luhn.valid(digits, from, to)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
