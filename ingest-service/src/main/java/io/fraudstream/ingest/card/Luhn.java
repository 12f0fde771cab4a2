package io.fraudstream.ingest.card;

/** The Luhn (mod 10) check digit algorithm, on ASCII digits. */
final class Luhn {
    private Luhn() {}

    /** True if {@code digits[from, to)} (ASCII '0'..'9' only) passes the Luhn check. */
    static boolean valid(byte[] digits, int from, int to) {
        int sum = 0;
        boolean dbl = false;
        for (int i = to - 1; i >= from; i--) {
            int d = digits[i] - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /** True if the ASCII digit string passes the Luhn check. */
    static boolean valid(CharSequence digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}
