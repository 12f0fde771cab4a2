package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FraudstreamCliTest {

    @Test
    void shouldListTheLocalSubcommands() {
        StringWriter out = new StringWriter();
        CommandLine cli = FraudstreamCli.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("local", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("start", "stop", "status");
    }

    @Test
    void shouldRejectAnUnknownSubcommandWithUsage() {
        StringWriter err = new StringWriter();
        CommandLine cli = FraudstreamCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("lcoal", "start");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument", "lcoal");
    }

    @Test
    void shouldLogEachSubcommandToAFileOfItsOwnUnderTheWorkingDirectory() {
        assertThat(FraudstreamCli.logFile(new String[] {"demo", "--duration", "PT1M"}))
                .isEqualTo(java.nio.file.Path.of(".fraudstream/logs/demo.log").toAbsolutePath());
        assertThat(FraudstreamCli.logFile(new String[] {"--verbose", "features", "--dir", "x"})
                        .getFileName())
                .hasToString("features.log");
        assertThat(FraudstreamCli.logFile(new String[] {"--help"}).getFileName())
                .hasToString("fraudstream.log");
        assertThat(FraudstreamCli.logFile(new String[] {"../etc"}).getFileName())
                .hasToString("fraudstream.log");
    }

    @Test
    void shouldDescribeTheConfigurationOfEverySubcommandWithoutItsRequiredOptions() {
        for (String command : new String[] {"replay", "generate", "ingest", "features", "score", "pipeline-app"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = FraudstreamCli.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));

            int exit = cli.execute(command, "--help-config");

            assertThat(exit).as(command + ": " + err).isZero();
            assertThat(out.toString()).as(command).contains("kafka.bootstrap.servers");
        }
    }

    @Test
    void shouldRefuseToReplayWithoutAMapping() {
        StringWriter err = new StringWriter();
        CommandLine cli = FraudstreamCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("replay", "--file", "history.csv");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--mapping=YAML'", "Usage: fraudstream replay");
    }
}
