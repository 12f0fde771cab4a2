package io.fraudstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangelogBytesTest {

    private static final String CARDS = "run.p-app-card-history-changelog";
    private static final String SCORES = "run.p-app-recent-scores-changelog";
    private static final String BY_MERCHANT = "run.p-app-by-merchant-repartition";

    @Test
    void shouldDivideEachInternalTopicsGrowthByTheTransactionsSent() {
        // Given two snapshots, one topic new in the second, and a topic that is not internal
        Map<String, Long> before = Map.of(CARDS, 1_000L, BY_MERCHANT, 50_000L, "run.transactions.raw", 10L);
        Map<String, Long> after =
                Map.of(CARDS, 401_000L, SCORES, 100_000L, BY_MERCHANT, 30_000L, "run.transactions.raw", 99L);

        // When
        var entries = ChangelogBytes.between("1000/s", before, after, 1_000);

        // Then changelogs first, by name, then repartitions; a purged repartition shows its (negative) growth
        assertThat(entries).extracting(ChangelogBytes.Entry::topic).containsExactly(CARDS, SCORES, BY_MERCHANT);
        assertThat(entries).extracting(ChangelogBytes.Entry::perEvent).containsExactly(400.0, 100.0, -20.0);
        assertThat(entries.getFirst().kind()).isEqualTo(ChangelogBytes.Kind.CHANGELOG);
        assertThat(entries.getLast().kind()).isEqualTo(ChangelogBytes.Kind.REPARTITION);
    }

    @Test
    void shouldKnowInternalTopicsBySuffix() {
        assertThat(ChangelogBytes.kindOf(CARDS)).isEqualTo(ChangelogBytes.Kind.CHANGELOG);
        assertThat(ChangelogBytes.kindOf(BY_MERCHANT)).isEqualTo(ChangelogBytes.Kind.REPARTITION);
        assertThat(ChangelogBytes.kindOf("run.transactions.scored")).isNull();
        assertThat(new ChangelogBytes.Entry("max", CARDS, ChangelogBytes.Kind.CHANGELOG, 5, 0).perEvent())
                .isNaN();
    }
}
