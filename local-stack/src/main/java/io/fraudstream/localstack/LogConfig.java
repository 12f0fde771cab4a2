package io.fraudstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The logback configuration of the broker's child JVM: INFO to its log file (stdout is redirected there). */
final class LogConfig {
    private LogConfig() {}

    static Path write(Path dir, String name) {
        String xml = """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="INFO"/>
                  <logger name="org.apache.kafka" level="INFO"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <logger name="kafka.request.logger" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + "-logback.xml");
            Files.writeString(file, xml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
