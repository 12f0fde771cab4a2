package io.fraudstream.scoring;

import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.logging.Logging;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the scoring service alone: {@code java -jar scoring-service.jar [--config FILE] [--set key=value]...
 * [--help-config]}. Configuration: defaults, then {@code local.stack.file}, the file, environment variables
 * ({@code FRAUDSTREAM_MODEL_SIGNING_KEY} for {@code model.signing.key}), then {@code --set} overrides.
 */
public final class ScoringMain {

    private ScoringMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "scoring-service-logback.xml");
        }
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> file = Path.of(value(args, ++i, "--config"));
                case "--set" -> {
                    String kv = value(args, ++i, "--set");
                    int eq = kv.indexOf('=');
                    if (eq < 1) {
                        usage("--set needs key=value, got " + kv);
                    }
                    overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
                }
                case "--help-config" -> {
                    System.out.println(ConfigDocumentation.describe(ScoringConfig.definition()));
                    return;
                }
                case "-h", "--help" -> {
                    usage(null);
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        Logging.install();
        ConfigLoader loader = ConfigLoader.create().withOverrides(overrides);
        if (file != null) {
            loader = loader.withPropertiesFile(file);
        }
        ScoringConfig cfg = loader.load(ScoringConfig.definition(), ScoringConfig::new);
        ScoringService.start(cfg).awaitClosed();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String error) {
        String text = "usage: scoring-service [--config FILE] [--set key=value]... [--help-config]";
        if (error != null) {
            System.err.println("error: " + error);
            System.err.println(text);
            System.exit(2);
        }
        System.out.println(text);
    }
}
