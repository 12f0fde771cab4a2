package io.fraudstream.ingest.generator;

import io.fraudstream.schemas.avro.Transaction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;

/**
 * Writes a generator's transactions as a CSV file that {@code ./fraudstream replay} reads with {@link #MAPPING}:
 * the replay benchmark's input, and an example of history with a fraud label column. Card columns hold tokens
 * (never card numbers); labels become the {@code is_fraud} / {@code fraud_type} columns.
 */
public final class GeneratedCsv {
    /** The CSV header. */
    public static final String HEADER =
            "tx_id,event_time_ms,card_token,card_bin,card_last4,merchant_id,terminal_id,mcc,"
                    + "merchant_country,amount,currency,channel,entry_mode,lat,lon,ip,device,is_fraud,fraud_type";

    /** A replay mapping (YAML) for files written by this class. */
    public static final String MAPPING = """
            columns:
              transactionId: tx_id
              eventTime: event_time_ms
              cardToken: card_token
              cardBin: card_bin
              cardLast4: card_last4
              merchantId: merchant_id
              terminalId: terminal_id
              merchantCategoryCode: mcc
              merchantCountry: merchant_country
              amount: amount
              currency: currency
              channel: channel
              entryMode: entry_mode
              latitude: lat
              longitude: lon
              ipAddress: ip
              deviceId: device
            time:
              format: epoch-millis
            amount:
              unit: major
            label:
              column: is_fraud
              fraudTypeColumn: fraud_type
              delay: P7D
            """;

    private GeneratedCsv() {}

    /** Writes up to {@code rows} transactions (fewer if the stream ends first); returns the number written. */
    public static long write(TrafficGenerator generator, Path file, long rows) {
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder sb = new StringBuilder(256);
            while (n < rows && generator.hasNext()) {
                if (generator.next() instanceof GeneratedEvent.TransactionEvent t) {
                    sb.setLength(0);
                    row(sb, t.transaction(), t.scenario());
                    w.append(sb);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return n;
    }

    private static void row(StringBuilder sb, Transaction t, Scenario scenario) {
        int digits = Currency.getInstance(t.getCurrency()).getDefaultFractionDigits();
        sb.append(t.getTransactionId())
                .append(',')
                .append(t.getEventTime().toEpochMilli())
                .append(',')
                .append(t.getCardToken())
                .append(',')
                .append(nz(t.getCardBin()))
                .append(',')
                .append(nz(t.getCardLast4()))
                .append(',')
                .append(t.getMerchantId())
                .append(',')
                .append(nz(t.getTerminalId()))
                .append(',')
                .append(nz(t.getMerchantCategoryCode()))
                .append(',')
                .append(nz(t.getMerchantCountry()))
                .append(',')
                .append(BigDecimal.valueOf(t.getAmountMinor(), digits).toPlainString())
                .append(',')
                .append(t.getCurrency())
                .append(',')
                .append(t.getChannel())
                .append(',')
                .append(t.getEntryMode())
                .append(',')
                .append(t.getLatitude() == null ? "" : t.getLatitude().toString())
                .append(',')
                .append(t.getLongitude() == null ? "" : t.getLongitude().toString())
                .append(',')
                .append(nz(t.getIpAddress()))
                .append(',')
                .append(nz(t.getDeviceId()))
                .append(',')
                .append(scenario == null ? "0" : "1")
                .append(',')
                .append(scenario == null ? "" : scenario.label())
                .append('\n');
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
