package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.ingest.card.CardTokenizer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TokenizeCommandTest {

    private static final String SECRET = "hex:" + "ab".repeat(32);
    private static final String VISA = "4111 1111 1111 1111";
    private static final String MASTERCARD = "5555-5555-5555-4444";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String stdin) {
        TokenizeCommand command = new TokenizeCommand();
        command.environment = env;
        command.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute();
    }

    @Test
    void shouldPrintTheTokensIngestMakesWithTheSameSecretAndNeverTheCardNumber() {
        // Given the secret ingest uses, and two card numbers on standard input
        // When
        int exit = run(Map.of(TokenizeCommand.SECRET_VARIABLE, SECRET), VISA + "\n\n" + MASTERCARD + "\n");

        // Then one line per card: token, BIN, last 4, the same token as ingest's tokenizer
        CardTokenizer ingest = CardTokenizer.fromConfig(SECRET);
        assertThat(exit).isZero();
        assertThat(out.toString().lines())
                .containsExactly(
                        ingest.tokenFor(VISA) + "\t411111\t1111", ingest.tokenFor(MASTERCARD) + "\t555555\t4444");
        assertThat(out.toString()).doesNotContain("4111111111111111", "5555555555554444");
    }

    @Test
    void shouldReportAnInvalidCardNumberOnItsLineWithoutEchoingItAndExit1() {
        // When the second line fails the Luhn check
        int exit = run(Map.of(TokenizeCommand.SECRET_VARIABLE, SECRET), VISA + "\n4111111111111112\n");

        // Then the valid one is tokenized, the invalid one reported in its place, the exit code says so
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).hasSize(2);
        assertThat(out.toString().lines().toList().get(1)).startsWith("error\t");
        assertThat(out.toString()).doesNotContain("4111111111111112");
    }

    @Test
    void shouldRefuseToStartWithoutTheSecret() {
        int exit = run(Map.of(), VISA + "\n");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("FRAUDSTREAM_CARD_TOKEN_SECRET");
        assertThat(out.toString()).isEmpty();
    }
}
