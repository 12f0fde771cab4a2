package io.fraudstream.launcher;

import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.card.InvalidPanException;
import io.fraudstream.ingest.card.ProtectedCard;
import io.fraudstream.runtime.config.EnvironmentNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraudstream tokenize}: card tokens for producers that write to Kafka directly, equal to the ones HTTP
 * ingest, replay and the generator make with the same {@code card.token.secret}. Card numbers are read from standard
 * input (never arguments, which shells keep in their history and {@code ps} shows) and never printed.
 */
@Command(
        name = "tokenize",
        mixinStandardHelpOptions = true,
        description = {
            "Print the card token, BIN and last 4 digits of each card number read from standard input, one per line.",
            "Output, one line per non-blank input line: token<TAB>bin<TAB>last4, or error<TAB><reason> (exit 1 if any).",
            "The secret comes from FRAUDSTREAM_CARD_TOKEN_SECRET (hex or base64, >= 32 bytes), as for ingest, replay and generate.",
            "Formula: digits = the PAN without spaces and dashes (12-19 digits, Luhn-valid);",
            "  token = \"tok_\" + base64url_nopad(HMAC-SHA-256(secret, ASCII digits))[0..22), bin = digits[0..6), last4 = the last 4.",
            "Example: printf '4111 1111 1111 1111\\n' | ./fraudstream tokenize"
        })
final class TokenizeCommand implements Callable<Integer> {

    /** The environment variable holding the secret. */
    static final String SECRET_VARIABLE = EnvironmentNames.variableFor(IngestConfig.CARD_TOKEN_SECRET);

    InputStream in = System.in;
    Map<String, String> environment = System.getenv();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String secret = environment.get(SECRET_VARIABLE);
        if (secret == null || secret.isBlank()) {
            err.println("tokenize: set " + SECRET_VARIABLE + " to the secret ingest uses (hex or base64, >= "
                    + CardTokenizer.MIN_SECRET_BYTES + " bytes)");
            return 2;
        }
        CardTokenizer tokenizer;
        try {
            tokenizer = CardTokenizer.fromConfig(secret);
        } catch (IllegalArgumentException e) {
            err.println("tokenize: " + SECRET_VARIABLE + ": " + e.getMessage());
            return 2;
        }
        boolean failed = false;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            try {
                ProtectedCard card = tokenizer.protect(line.strip());
                out.println(card.token() + "\t" + card.bin() + "\t" + card.last4());
            } catch (InvalidPanException e) {
                out.println("error\t" + e.getMessage());
                failed = true;
            }
        }
        out.flush();
        return failed ? 1 : 0;
    }
}
