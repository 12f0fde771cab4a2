package io.fraudstream.trainer;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows how far long steps (reading, training) have got. */
public interface Progress {

    /** Starts a task of {@code total} steps (0 or less: unknown). */
    Task start(String name, long total);

    /** One running task; close it when done. */
    interface Task extends AutoCloseable {
        /** Sets the number of steps done. */
        void stepTo(long done);

        /** One more step done. */
        void step();

        @Override
        void close();
    }

    /** Text progress bars on standard error (me.tongfei:progressbar). */
    static Progress bars() {
        return (name, total) -> {
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(total > 0 ? total : -1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .continuousUpdate()
                    .build();
            return new Task() {
                @Override
                public void stepTo(long done) {
                    bar.stepTo(done);
                }

                @Override
                public void step() {
                    bar.step();
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }

    /** No output. */
    static Progress none() {
        return (name, total) -> new Task() {
            @Override
            public void stepTo(long done) {}

            @Override
            public void step() {}

            @Override
            public void close() {}
        };
    }
}
