package io.fraudstream.featurestream.stages;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.features.state.MerchantHistory;
import org.junit.jupiter.api.Test;

class StoredHistoryTest {

    @Test
    void shouldReadTheNewestEventTimeWithoutDecodingAndPublishTheEncodingAlone() {
        // Given a history whose newest event is a labelled transaction's, not its latest transaction
        MerchantHistory h = MerchantHistory.empty();
        h.addTransaction(1_000);
        h.addTransaction(2_000);
        h.addLabel(5_000, 9_000, 42L, true);
        // When it is stored
        byte[] stored = StoredHistory.encode(h);
        // Then its newest event time is read from the header, and the published bytes are the history's encoding
        assertThat(StoredHistory.newestEventTime(stored)).isEqualTo(5_000).isEqualTo(h.newestEventTime());
        assertThat(StoredHistory.published(stored)).isEqualTo(h.encode());
        assertThat(StoredHistory.decode(stored).encode()).isEqualTo(h.encode());
    }

    @Test
    void shouldReadAHistoryStoredByAnEarlierVersion() {
        // Given the encoding alone, as stored before the header
        MerchantHistory h = MerchantHistory.empty();
        h.addTransaction(7_000);
        byte[] earlier = h.encode();
        // Then it is read whole
        assertThat(StoredHistory.newestEventTime(earlier)).isEqualTo(7_000);
        assertThat(StoredHistory.published(earlier)).isEqualTo(earlier);
        assertThat(StoredHistory.decode(earlier).maxTime()).isEqualTo(7_000);
        assertThat(StoredHistory.published(null)).isNull();
    }

    @Test
    void shouldStoreAnEmptyHistoryAsNeverSeen() {
        assertThat(StoredHistory.newestEventTime(StoredHistory.encode(MerchantHistory.empty())))
                .isEqualTo(Long.MIN_VALUE);
    }
}
