package io.fraudstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AcknowledgementsTest {

    private final Acknowledgements acks = new Acknowledgements(LoggerFactory.getLogger(AcknowledgementsTest.class));

    @Test
    void shouldCountAcknowledgementsByKindAndKeepTheFirstFailure() {
        // Given sends of two kinds, still in flight
        AtomicLong transactions = new AtomicLong();
        AtomicLong labels = new AtomicLong();
        CompletableFuture<Object> tx1 = new CompletableFuture<>();
        CompletableFuture<Object> tx2 = new CompletableFuture<>();
        CompletableFuture<Object> tx3 = new CompletableFuture<>();
        CompletableFuture<Object> label = new CompletableFuture<>();
        acks.track(tx1, transactions);
        acks.track(tx2, transactions);
        acks.track(tx3, transactions);
        acks.track(label, labels);
        assertThat(transactions).hasValue(0);

        // When two transactions and the label are acknowledged and one transaction, then another, fail
        IllegalStateException first = new IllegalStateException("first");
        tx1.complete("ok");
        label.complete("ok");
        tx2.completeExceptionally(first);
        tx3.completeExceptionally(new IllegalStateException("second"));

        // Then each kind counts its acknowledgements, and the failures are counted with the first kept
        assertThat(transactions).hasValue(1);
        assertThat(labels).hasValue(1);
        assertThat(acks.failed()).isEqualTo(2);
        assertThat(acks.firstFailure()).containsSame(first);
    }

    @Test
    void shouldHaveNoFailureBeforeOne() {
        acks.track(CompletableFuture.completedFuture("ok"), new AtomicLong());
        assertThat(acks.failed()).isZero();
        assertThat(acks.firstFailure()).isEmpty();
    }
}
