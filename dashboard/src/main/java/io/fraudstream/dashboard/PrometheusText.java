package io.fraudstream.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the samples of a Prometheus text exposition (format 0.0.4, what the services' {@code /metrics} serve; the
 * OpenMetrics text format's sample lines read the same): one sample per line,
 * {@code name{label="value",...} value [timestamp]}, {@code #} lines (HELP, TYPE, EOF) and blank lines skipped.
 * Label values may escape {@code \\}, {@code \"} and {@code \n}; values may be {@code NaN}, {@code +Inf} and
 * {@code -Inf}. Timestamps are ignored. Neither the Prometheus Java client nor Micrometer ship a parser, and the
 * dashboard needs only a few gauges and counters, so this is the small part of the format it reads.
 */
final class PrometheusText {

    /** One sample: metric name (with its suffix, e.g. {@code _total}), labels in their order, value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private PrometheusText() {}

    /** Every sample of {@code text}, in order; throws {@link IllegalArgumentException} naming the first bad line. */
    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            try {
                out.add(new Line(l).sample());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "line " + lineNumber + ": " + e.getMessage() + ": " + abbreviate(l), e);
            }
        }
        return out;
    }

    /** A sample value: a decimal or {@code NaN}, {@code +Inf}, {@code -Inf} (as Go's ParseFloat reads them). */
    static double value(String token) {
        return switch (token) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (token.isEmpty() || !(Character.isDigit(token.charAt(token.length() - 1)) || token.endsWith("."))) {
                    throw new IllegalArgumentException("not a number: " + token); // Java would take 1d, 1f, Infinity
                }
                try {
                    yield Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number: " + token);
                }
            }
        };
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }

    /** A cursor over one non-blank, non-comment line. */
    private static final class Line {

        private final String s;
        private int i;

        Line(String s) {
            this.s = s;
        }

        Sample sample() {
            String name = name();
            int afterName = i;
            skipBlanks();
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '{') {
                i++;
                labels(labels);
                skipBlanks();
            } else if (i == afterName && i < s.length()) {
                throw new IllegalArgumentException("unexpected '" + peek() + "' after the name");
            }
            double value = value(token());
            skipBlanks();
            if (i < s.length()) {
                String timestamp = token();
                if (!timestamp.matches("-?\\d+")) {
                    throw new IllegalArgumentException("not a timestamp: " + timestamp);
                }
                skipBlanks();
                if (i < s.length()) {
                    throw new IllegalArgumentException("unexpected text after the timestamp");
                }
            }
            return new Sample(name, Map.copyOf(labels), value);
        }

        private void labels(Map<String, String> labels) {
            while (true) {
                skipBlanks();
                if (peek() == '}') {
                    i++;
                    return;
                }
                String label = name();
                skipBlanks();
                expect('=');
                skipBlanks();
                expect('"');
                labels.put(label, quoted());
                skipBlanks();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' after label " + label);
                }
            }
        }

        /** The rest of a quoted label value, after its opening quote; unescaped. */
        private String quoted() {
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    out.append(
                            switch (e) {
                                case 'n' -> '\n';
                                case '\\', '"' -> e;
                                default ->
                                    throw new IllegalArgumentException("unknown escape \\" + e + " in a label value");
                            });
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated label value");
        }

        /** A metric or label name: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
        private String name() {
            int start = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                boolean ok = c == '_'
                        || c == ':'
                        || (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (i > start && c >= '0' && c <= '9');
                if (!ok) {
                    break;
                }
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("expected a name at column " + (i + 1));
            }
            return s.substring(start, i);
        }

        private String token() {
            int start = i;
            while (i < s.length() && !blank()) {
                i++;
            }
            return s.substring(start, i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at column " + (i + 1));
            }
            i++;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private boolean blank() {
            return i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t');
        }

        private void skipBlanks() {
            while (blank()) {
                i++;
            }
        }
    }
}
