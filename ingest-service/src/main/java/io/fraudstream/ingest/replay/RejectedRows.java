package io.fraudstream.ingest.replay;

import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.dlq.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Builds the dead letter of a row that could not be mapped: stage {@value #STAGE}, the reason, the source as
 * {@code sourceTopic} (e.g. {@code csv:/data/tx.csv}), partition -1, the row number as {@code sourceOffset} and in
 * header {@value #ROW_HEADER}, and the row itself as value ({@code column=value} lines, UTF-8) with the card number
 * column and any other card-number-like value redacted: a PAN never reaches a topic, not even the DLQ. Built by
 * {@link DeadLetters}, so bounded in size like every dead letter.
 */
public final class RejectedRows {
    /** DeadLetter.stage of replay rejections. */
    public static final String STAGE = "ingest-service.replay.map";
    /** Header holding the 1-based source row number. */
    public static final String ROW_HEADER = "row";
    /** Header holding the source description. */
    public static final String SOURCE_HEADER = "source";
    /** What replaces a redacted value. */
    public static final String REDACTED = "[redacted]";

    private RejectedRows() {}

    /**
     * @param columns   the source's column names
     * @param panColumn the mapped card-number column, if any (always redacted)
     * @param failedAt  wall-clock time of the rejection
     */
    public static DeadLetter deadLetter(
            SourceRow row, String reason, List<String> columns, String panColumn, String source, Instant failedAt) {
        return DeadLetters.rejected(STAGE, "row " + row.rowNumber() + ": " + reason)
                .errorClass(RowRejectedException.class)
                .source(source, -1, row.rowNumber(), -1)
                .value(render(row, columns, panColumn).getBytes(StandardCharsets.UTF_8))
                .header(ROW_HEADER, Long.toString(row.rowNumber()))
                .header(SOURCE_HEADER, source)
                .failedAt(failedAt)
                .build();
    }

    /** The row as {@code column=value} lines, card numbers redacted. */
    static String render(SourceRow row, List<String> columns, String panColumn) {
        StringBuilder sb = new StringBuilder();
        String pan = panColumn == null ? null : panColumn.trim().toLowerCase(Locale.ROOT);
        int n = Math.max(columns.size(), row.values().length);
        for (int i = 0; i < n; i++) {
            String name = i < columns.size() ? columns.get(i) : "column" + (i + 1);
            Object v = row.value(i);
            String text = v == null ? "" : v.toString();
            if (name.trim().toLowerCase(Locale.ROOT).equals(pan) || PanDetector.containsPanLike(text)) {
                text = text.isEmpty() ? "" : REDACTED;
            }
            sb.append(name)
                    .append('=')
                    .append(text.replace('\n', ' ').replace('\r', ' '))
                    .append('\n');
        }
        return sb.toString();
    }
}
