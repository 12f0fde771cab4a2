package io.fraudstream.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * The console's share of the log when a log file takes the rest ({@link Logging#toFile}): warnings and errors of
 * fraudstream's own code ({@value #OWN_PREFIX}…), and errors of everything else. Libraries' warnings (Kafka
 * clients retrying, for example) go to the file only.
 */
public final class OwnWarningsAndErrors extends Filter<ILoggingEvent> {

    /** The logger-name prefix of fraudstream's own code. */
    public static final String OWN_PREFIX = "io.fraudstream";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return FilterReply.NEUTRAL;
        }
        return level.isGreaterOrEqual(Level.WARN) && own(event.getLoggerName())
                ? FilterReply.NEUTRAL
                : FilterReply.DENY;
    }

    static boolean own(String loggerName) {
        return loggerName.equals(OWN_PREFIX) || loggerName.startsWith(OWN_PREFIX + ".");
    }
}
