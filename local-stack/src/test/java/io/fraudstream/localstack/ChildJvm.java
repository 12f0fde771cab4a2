package io.fraudstream.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a service's {@code main} in a child JVM on the test's class path, so a test can kill it with SIGKILL
 * ({@link Process#destroyForcibly()}) the way a crashed machine would. Configuration goes in as {@code --set key=value}
 * options (the services' {@code ServiceMain} convention); output goes to {@code log}.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code mainClass} with {@code config} and a 512 MB heap. */
    public static Process start(Class<?> mainClass, Map<String, String> config, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        config.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
