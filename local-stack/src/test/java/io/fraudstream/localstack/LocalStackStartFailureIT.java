package io.fraudstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures leave nothing behind and say what to do. */
@ExtendWith(LocalStackExtension.class)
class LocalStackStartFailureIT {

    @Test
    void shouldRefuseAPortAlreadyTakenWithAClearMessageAndNoHalfStartedProcesses(@TempDir Path dir, StackState shared)
            throws Exception {
        Set<Long> before = descendants();
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = busy.getLocalPort();
            LocalStackSettings settings = LocalStackSettings.defaults(dir).withPorts(0, 0, port, 0);

            assertThatThrownBy(() -> LocalStack.start(settings))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("--registry-port");
        }
        assertThat(descendants()).as("no process of the failed start is left").isEqualTo(before);
        assertThat(LocalStack.status(dir).state()).isEmpty();
    }

    @Test
    void shouldStopBothProcessesWhenOneFailsToStart(@TempDir Path dir, StackState shared) {
        Set<Long> before = descendants();
        // The registry cannot start (no distribution there), after the broker may already have been launched.
        LocalStackSettings settings =
                LocalStackSettings.defaults(dir).withApicurioHome(dir.resolve("no-such-apicurio"));

        assertThatThrownBy(() -> LocalStack.start(settings))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("Apicurio Registry is not unpacked");
        assertThat(descendants()).isEqualTo(before);
    }

    @Test
    void shouldRefuseToStartTwiceFromTheSameDirectory(StackState shared) {
        LocalStackSettings settings = LocalStackSettings.defaults(shared.workDir());

        assertThatThrownBy(() -> LocalStack.start(settings))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("already running");
        assertThat(LocalStack.status(shared.workDir()).running())
                .as("the running stack is untouched")
                .isTrue();
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
