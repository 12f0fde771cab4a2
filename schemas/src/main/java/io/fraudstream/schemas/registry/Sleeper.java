package io.fraudstream.schemas.registry;

import java.time.Duration;

/** Waits between retries; replaced in tests so that no test sleeps. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
