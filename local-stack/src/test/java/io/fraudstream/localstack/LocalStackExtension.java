package io.fraudstream.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares one real local stack (Kafka broker + schema registry) among all integration tests of a test run.
 *
 * <p>Use with {@code @ExtendWith(LocalStackExtension.class)} and take a {@link StackState} parameter (in a
 * {@code @BeforeAll}, a constructor or a test). The first test class that needs it starts the stack; it stops when
 * the test run (the JVM's root extension context) ends. If the environment variable {@value #REUSE_ENV} names the
 * work directory of a stack that is already running (for example one started with {@code ./fraudstream local start}),
 * that stack is used and left running.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
    /** Work directory of an already running stack to reuse instead of starting one. */
    public static final String REUSE_ENV = "FRAUDSTREAM_IT_STACK_DIR";

    private static final Logger log = LoggerFactory.getLogger(LocalStackExtension.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    /** The stack of this test run, started on first use. */
    public static StackState shared(ExtensionContext context) {
        return context.getRoot()
                .getStore(NS)
                .getOrComputeIfAbsent(SharedStack.class, k -> SharedStack.startOrReuse(), SharedStack.class)
                .state();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StackState.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** Closed by JUnit when the root context closes, i.e. once at the end of the test run. */
    private record SharedStack(StackState state, Optional<LocalStack> owned)
            implements ExtensionContext.Store.CloseableResource {
        static SharedStack startOrReuse() {
            String reuse = System.getenv(REUSE_ENV);
            if (reuse != null && !reuse.isBlank()) {
                LocalStack.Status status = LocalStack.status(Path.of(reuse));
                if (!status.running()) {
                    throw new IllegalStateException(
                            REUSE_ENV + "=" + reuse + " but no stack runs there: " + status.describe());
                }
                log.info("integration tests reuse the running local stack in {}", reuse);
                return new SharedStack(status.state().orElseThrow(), Optional.empty());
            }
            try {
                Path dir = Files.createTempDirectory("fraudstream-it-stack");
                LocalStack stack = LocalStack.start(LocalStackSettings.defaults(dir));
                log.info(
                        "integration-test stack ready in {} ms: {} / {}",
                        stack.startupTime().toMillis(),
                        stack.bootstrapServers(),
                        stack.registryUrl());
                return new SharedStack(stack.state(), Optional.of(stack));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            owned.ifPresent(LocalStack::close);
        }
    }
}
