package io.fraudstream.localstack;

import java.nio.file.Path;

/** The local stack's work directory as every subcommand names it: {@code --dir DIR}, by default {@code <home>/.fraudstream/local}. */
public final class StackDir {

    private StackDir() {}

    /** The repository (or installation) root: set by the ./fraudstream script, else the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("fraudstream.home", System.getProperty("user.dir")))
                .toAbsolutePath();
    }

    /** The default work directory of {@code ./fraudstream local start}. */
    public static Path defaultDir() {
        return home().resolve(".fraudstream").resolve("local").toAbsolutePath();
    }

    /** {@code dir}, absolute, or the default when null. */
    public static Path resolve(Path dir) {
        return dir != null ? dir.toAbsolutePath().normalize() : defaultDir();
    }

    /** The {@code --dir} argument a command needs to name {@code dir}: empty for the default, else {@code " --dir DIR"}. */
    public static String option(Path dir) {
        Path resolved = resolve(dir);
        if (resolved.equals(defaultDir())) {
            return "";
        }
        String s = resolved.toString();
        return " --dir " + (s.matches("[A-Za-z0-9_./+:=@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'");
    }
}
