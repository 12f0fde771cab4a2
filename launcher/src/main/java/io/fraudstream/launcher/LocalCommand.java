package io.fraudstream.launcher;

import io.fraudstream.localstack.LocalStack;
import io.fraudstream.localstack.LocalStackSettings;
import io.fraudstream.localstack.StackDir;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.EnvironmentNames;
import io.fraudstream.runtime.config.RuntimeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fraudstream local start|stop|status}: the local Kafka broker and schema registry, no Docker. */
@Command(
        name = "local",
        description =
                "Run the local stack: a real Kafka broker (KRaft) and a Confluent-compatible schema registry (Apicurio), without Docker.",
        mixinStandardHelpOptions = true,
        subcommands = {LocalCommand.Start.class, LocalCommand.Stop.class, LocalCommand.Status.class})
final class LocalCommand {

    /** Options every local subcommand shares. */
    static class DirOption {
        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "Work directory of the stack (data, logs, connection file). Default: <home>/.fraudstream/local")
        Path dir;

        Path resolve() {
            return StackDir.resolve(dir);
        }

        /** {@code " --dir DIR"} when the directory is not the default, for the hints this command prints. */
        String option() {
            return StackDir.option(dir);
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = {
                "Start the broker and the registry, wait until both are ready, create every topic, write the connection settings and return.",
                "Each start is a fresh, empty stack."
            })
    static final class Start implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        DirOption dir = new DirOption();

        @Option(
                names = "--kafka-port",
                defaultValue = "0",
                description = "Broker port on 127.0.0.1 (0 = a free port). Default: ${DEFAULT-VALUE}")
        int kafkaPort;

        @Option(
                names = "--controller-port",
                defaultValue = "0",
                description = "KRaft controller port (0 = a free port). Default: ${DEFAULT-VALUE}")
        int controllerPort;

        @Option(
                names = "--registry-port",
                defaultValue = "0",
                description = "Schema registry port (0 = a free port). Default: ${DEFAULT-VALUE}")
        int registryPort;

        @Option(
                names = "--registry-management-port",
                defaultValue = "0",
                description = "Schema registry health port (0 = a free port). Default: ${DEFAULT-VALUE}")
        int managementPort;

        @Option(
                names = "--timeout",
                defaultValue = "PT90S",
                description = "How long to wait for readiness (ISO-8601 duration). Default: ${DEFAULT-VALUE}")
        Duration timeout;

        @Option(names = "--foreground", description = "Stay in the foreground and stop the stack on Ctrl-C.")
        boolean foreground;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            LocalStackSettings settings = LocalStackSettings.defaults(dir.resolve())
                    .withPorts(kafkaPort, controllerPort, registryPort, managementPort)
                    .withStartTimeout(timeout);
            out.println("starting the local stack in " + settings.workDir() + " ...");
            out.flush();
            LocalStack stack = LocalStack.start(settings);
            StackState s = stack.state();
            out.printf("local stack ready in %.1f s%n", stack.startupTime().toMillis() / 1000.0);
            out.println("  " + StackState.BOOTSTRAP + "=" + s.bootstrapServers());
            out.println("  " + StackState.REGISTRY_URL + "=" + s.registryUrl());
            out.println("  connection file: " + settings.stateFile());
            out.println("  logs: " + settings.workDir().resolve("kafka/kafka.log") + ", "
                    + settings.workDir().resolve("registry/registry.log"));
            if (!dir.option().isEmpty()) {
                out.println("  connect to it with --dir: ./fraudstream features" + dir.option() + " (or export "
                        + EnvironmentNames.variableFor(RuntimeConfig.LOCAL_STACK_FILE) + "=" + settings.stateFile()
                        + ")");
            }
            if (!foreground) {
                out.println("stop it with: ./fraudstream local stop" + dir.option());
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                stack.close();
                                stopped.countDown();
                            },
                            "local-stack-shutdown"));
            out.println("running in the foreground; Ctrl-C stops it");
            out.flush();
            while (stack.isRunning()) {
                if (stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    return 0;
                }
            }
            spec.commandLine()
                    .getErr()
                    .println("error: a process of the local stack exited; "
                            + LocalStack.status(settings.workDir()).describe());
            stack.close();
            return 1;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop the local stack (SIGTERM, then SIGKILL after a grace period).")
    static final class Stop implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        DirOption dir = new DirOption();

        @Option(
                names = "--grace",
                defaultValue = "PT20S",
                description = "How long to wait after SIGTERM before SIGKILL. Default: ${DEFAULT-VALUE}")
        Duration grace;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean stopped = LocalStack.stop(dir.resolve(), grace);
            spec.commandLine()
                    .getOut()
                    .println(
                            stopped
                                    ? "local stack stopped"
                                    : "no local stack was running from " + dir.resolve()
                                            + (dir.option().isEmpty()
                                                    ? " (a stack started with --dir DIR stops with: ./fraudstream local stop --dir DIR)"
                                                    : ""));
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Say what runs. Exit code 0 when both processes run, 3 otherwise.")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        DirOption dir = new DirOption();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LocalStack.Status status = LocalStack.status(dir.resolve());
            spec.commandLine().getOut().println("local stack: " + status.describe());
            status.state()
                    .ifPresent(s ->
                            spec.commandLine().getOut().println("connection file: " + StackState.file(dir.resolve())));
            spec.commandLine()
                    .getOut()
                    .println(
                            status.running()
                                    ? "stop it with: ./fraudstream local stop" + dir.option()
                                    : "start it with: ./fraudstream local start" + dir.option());
            return status.running() ? 0 : 3;
        }
    }
}
