package io.fraudstream.ingest.replay;

import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.schemas.avro.DeadLetter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the dead letter of a row that could not be mapped: stage {@value #STAGE}, the reason, the source as
 * {@code sourceTopic} (e.g. {@code csv:/data/tx.csv}), partition -1, the row number as {@code sourceOffset} and in
 * header {@value #ROW_HEADER}, and the row itself as value ({@code column=value} lines, UTF-8) with the card number
 * column and any other card-number-like value redacted: a PAN never reaches a topic, not even the DLQ.
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

    private RejectedRows() {
    }

    /**
     * @param columns   the source's column names
     * @param panColumn the mapped card-number column, if any (always redacted)
     * @param failedAt  wall-clock time of the rejection
     */
    public static DeadLetter deadLetter(SourceRow row, String reason, List<String> columns, String panColumn,
                                        String source, Instant failedAt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ROW_HEADER, Long.toString(row.rowNumber()));
        headers.put(SOURCE_HEADER, source);
        return DeadLetter.newBuilder()
                .setStage(STAGE)
                .setReason("row " + row.rowNumber() + ": " + reason)
                .setErrorClass(RowRejectedException.class.getName())
                .setSourceTopic(source)
                .setSourcePartition(-1)
                .setSourceOffset(row.rowNumber())
                .setKey(null)
                .setValue(java.nio.ByteBuffer.wrap(render(row, columns, panColumn).getBytes(StandardCharsets.UTF_8)))
                .setFailedAt(failedAt)
                .setSourceTimestamp(null)
                .setHeaders(new LinkedHashMap<>(headers))
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
            sb.append(name).append('=').append(text.replace('\n', ' ').replace('\r', ' ')).append('\n');
        }
        return sb.toString();
    }
}
