package io.fraudstream.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Chooses loopback ports for the stack's listeners: a configured one if it is free, otherwise any free one. */
final class Ports {
    static final String LOOPBACK = "127.0.0.1";

    private Ports() {}

    /**
     * @param requested the configured port, or 0 for any free port
     * @param what      what will listen there, for the error message (for example "Kafka broker listener")
     * @param option    the option that sets it, for the error message
     * @return a port that was free on 127.0.0.1 a moment ago
     * @throws LocalStackException if {@code requested} is taken
     */
    static int choose(int requested, String what, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), requested));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalStackException(
                    "port " + requested + " on " + LOOPBACK + " is already in use, so the " + what
                            + " cannot listen there: stop whatever uses it, or choose another port with " + option
                            + " (0 picks a free one)",
                    e);
        }
    }
}
