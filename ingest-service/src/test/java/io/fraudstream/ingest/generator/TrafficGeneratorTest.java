package io.fraudstream.ingest.generator;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficGeneratorTest {
    static final CardTokenizer TOKENIZER = new CardTokenizer("generator-unit-test-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final Instant MONDAY = Instant.parse("2024-03-04T00:00:00Z");

    /** A small world with every scenario frequent enough to show up within a fortnight. */
    static GeneratorSettings busyFraudWorld(long seed) {
        GeneratorSettings s = GeneratorSettings.defaults(seed, MONDAY, Duration.ofDays(14)).withPopulation(800, 200);
        for (Scenario sc : Scenario.values()) {
            s = s.withRate(sc, sc == Scenario.COMPROMISED_MERCHANT ? 0.01 : 0.003);
        }
        return s;
    }

    @Test
    void shouldNotReuseTransactionIdsWhenAStreamContinuesAnotherWithTheSameSeed() {
        GeneratorSettings first = GeneratorSettings.defaults(3, MONDAY, Duration.ofDays(1)).withPopulation(300, 60);
        GeneratorSettings next = GeneratorSettings.defaults(3, first.end(), Duration.ofDays(1)).withPopulation(300, 60);
        Set<String> a = transactionIds(all(TrafficGenerator.create(first, TOKENIZER)));
        Set<String> b = transactionIds(all(TrafficGenerator.create(next, TOKENIZER)));
        assertThat(a).isNotEmpty();
        assertThat(b).isNotEmpty().doesNotContainAnyElementsOf(a);
    }

    private static Set<String> transactionIds(List<GeneratedEvent> events) {
        return events.stream().filter(e -> e instanceof GeneratedEvent.TransactionEvent)
                .map(e -> ((GeneratedEvent.TransactionEvent) e).transaction().getTransactionId()).collect(Collectors.toSet());
    }

    static List<GeneratedEvent> all(TrafficGenerator g) {
        List<GeneratedEvent> out = new ArrayList<>();
        g.forEachRemaining(out::add);
        return out;
    }

    @Test
    void shouldProduceTheSameStreamFromTheSameSeed() {
        // Given two generators with the same settings and secret
        List<GeneratedEvent> first = all(TrafficGenerator.create(busyFraudWorld(42), TOKENIZER));
        List<GeneratedEvent> second = all(TrafficGenerator.create(busyFraudWorld(42), TOKENIZER));

        // Then they emit identical records
        assertThat(first).hasSizeGreaterThan(10_000);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldProduceAnotherStreamFromAnotherSeed() {
        List<GeneratedEvent> a = all(TrafficGenerator.create(busyFraudWorld(1), TOKENIZER));
        List<GeneratedEvent> b = all(TrafficGenerator.create(busyFraudWorld(2), TOKENIZER));
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void shouldEmitEventsInEventTimeOrderWithinThePeriod() {
        GeneratorSettings s = busyFraudWorld(7);
        long previous = Long.MIN_VALUE;
        for (GeneratedEvent e : all(TrafficGenerator.create(s, TOKENIZER))) {
            assertThat(e.timeMillis()).isGreaterThanOrEqualTo(previous)
                    .isGreaterThanOrEqualTo(s.start().toEpochMilli()).isLessThan(s.end().toEpochMilli());
            previous = e.timeMillis();
        }
    }

    @Test
    void shouldProduceEveryFraudScenarioWithItsLabelLater() {
        // Given
        List<GeneratedEvent> events = all(TrafficGenerator.create(busyFraudWorld(11), TOKENIZER));
        Map<String, Transaction> frauds = new HashMap<>();
        Map<Scenario, Integer> perScenario = new EnumMap<>(Scenario.class);
        List<FraudLabel> labels = new ArrayList<>();
        for (GeneratedEvent e : events) {
            if (e instanceof GeneratedEvent.TransactionEvent t && t.scenario() != null) {
                frauds.put(t.transaction().getTransactionId(), t.transaction());
                perScenario.merge(t.scenario(), 1, Integer::sum);
            } else if (e instanceof GeneratedEvent.LabelEvent l) {
                labels.add(l.label());
            }
        }

        // Then every scenario produced fraud, and labels name their scenario, after the transaction
        assertThat(perScenario.keySet()).containsExactlyInAnyOrder(Scenario.values());
        Set<String> labelledTypes = labels.stream().filter(l -> l.getVerdict() == Verdict.FRAUD)
                .map(FraudLabel::getFraudType).collect(Collectors.toSet());
        assertThat(labelledTypes).containsExactlyInAnyOrder(
                java.util.Arrays.stream(Scenario.values()).map(Scenario::label).toArray(String[]::new));
        for (FraudLabel l : labels) {
            assertThat(l.getLabelTime()).isAfter(l.getTransactionTime());
            if (l.getVerdict() == Verdict.FRAUD) {
                Transaction t = frauds.get(l.getTransactionId());
                assertThat(t).as("labelled transaction %s was emitted as fraud", l.getTransactionId()).isNotNull();
                assertThat(l.getCardToken()).isEqualTo(t.getCardToken());
                assertThat(l.getTransactionTime()).isEqualTo(t.getEventTime());
            }
        }
        // most labels arrive within days, a tail after weeks
        long withinWeek = labels.stream().filter(l -> l.getVerdict() == Verdict.FRAUD)
                .filter(l -> Duration.between(l.getTransactionTime(), l.getLabelTime()).toDays() < 7).count();
        assertThat(withinWeek).isGreaterThan(labels.size() / 2);
        assertThat(labels).anyMatch(l -> l.getVerdict() == Verdict.LEGITIMATE);
    }

    @Test
    void shouldPutImpossibleTravelFarAwayWithinMinutesOfAGenuinePayment() {
        GeneratorSettings s = GeneratorSettings.defaults(5, MONDAY, Duration.ofDays(7)).withPopulation(500, 200)
                .withRate(Scenario.IMPOSSIBLE_TRAVEL, 0.01);
        Map<String, Transaction> lastInPerson = new HashMap<>();
        int checked = 0;
        for (GeneratedEvent e : all(TrafficGenerator.create(s, TOKENIZER))) {
            if (!(e instanceof GeneratedEvent.TransactionEvent t) || t.transaction().getLatitude() == null) {
                continue;
            }
            Transaction tx = t.transaction();
            Transaction before = t.scenario() == null ? lastInPerson.put(tx.getCardToken(), tx) : lastInPerson.get(tx.getCardToken());
            if (t.scenario() == Scenario.IMPOSSIBLE_TRAVEL && before != null
                    && Duration.between(before.getEventTime(), tx.getEventTime()).toMinutes() <= 40) {
                double km = City.distanceKm(before.getLatitude(), before.getLongitude(), tx.getLatitude(), tx.getLongitude());
                assertThat(km).isGreaterThan(1000);
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void shouldNeverEmitACardNumber() {
        TrafficGenerator g = TrafficGenerator.create(busyFraudWorld(3), TOKENIZER);
        g.population().cardProfiles().forEach(p -> assertThat(PanDetector.containsPanLike(p.toString())).isFalse());
        g.forEachRemaining(e -> assertThat(PanDetector.containsPanLike(switch (e) {
            case GeneratedEvent.TransactionEvent t -> t.transaction().toString();
            case GeneratedEvent.LabelEvent l -> l.label().toString();
        })).isFalse());
    }

    @Test
    void shouldFollowADailyRhythm() {
        // Given a European population, count transactions by UTC hour
        GeneratorSettings s = GeneratorSettings.defaults(9, MONDAY, Duration.ofDays(7)).withPopulation(2000, 200);
        int[] byHour = new int[24];
        for (GeneratedEvent e : all(TrafficGenerator.create(s, TOKENIZER))) {
            if (e instanceof GeneratedEvent.TransactionEvent t) {
                byHour[t.transaction().getEventTime().atZone(java.time.ZoneOffset.UTC).getHour()]++;
            }
        }
        // Then midday is much busier than the small hours
        assertThat(byHour[12]).isGreaterThan(3 * byHour[3]);
    }

    @Test
    void shouldCreateLuhnValidSyntheticCardNumbersOnKnownBins() {
        Rng rng = new Rng(1);
        for (int i = 0; i < 100; i++) {
            String pan = Population.syntheticPan(rng);
            assertThat(pan).hasSize(16);
            assertThat(Population.BINS).contains(pan.substring(0, 6));
            assertThat(TOKENIZER.protect(pan).last4()).isEqualTo(pan.substring(12));
        }
    }
}
