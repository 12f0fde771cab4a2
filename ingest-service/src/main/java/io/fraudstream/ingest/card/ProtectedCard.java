package io.fraudstream.ingest.card;

import java.util.Objects;

/**
 * What may leave the ingest service in place of a card number: a keyed token, the BIN (first 6 digits, which
 * identify the issuer and are not cardholder data under PCI DSS when stored without the rest of the PAN together
 * with at most the last 4) and the last 4 digits.
 *
 * @param token "tok_" + 22 base64url characters, see {@link CardTokenizer}
 * @param bin   first 6 digits of the PAN
 * @param last4 last 4 digits of the PAN
 */
public record ProtectedCard(String token, String bin, String last4) {
    public ProtectedCard {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(last4, "last4");
    }

    /** Never prints anything beyond what the record holds (no PAN is held). */
    @Override
    public String toString() {
        return "ProtectedCard[token=" + token + ", bin=" + bin + ", last4=" + last4 + "]";
    }
}
