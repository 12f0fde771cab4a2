package io.fraudstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void shouldStartAChildInASessionOfItsOwnSoATerminalCtrlCReachesOnlyTheLauncher() throws IOException {
        assumeTrue(Files.isRegularFile(Path.of("/proc/self/stat")), "needs /proc (Linux)");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid")),
                "no setsid on this machine: children share the launcher's session");
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "30"), dir, dir.resolve("sleeper.log"));
        try {
            // the pid is the child's own (setsid execs in place, so the pid's command becomes sleep once it has),
            // and its session is not ours
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> command(child.pid()).equals("sleep"));
            assertThat(session(child.pid()))
                    .isNotEqualTo(session(ProcessHandle.current().pid()));
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
        assertThat(child.isAlive()).isFalse();
    }

    /** Field 6 of /proc/PID/stat (after the parenthesised command, which may hold spaces). */
    private static String session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return after[3]; // state, ppid, pgrp, session
    }

    private static String command(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    }
}
