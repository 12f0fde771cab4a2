package io.fraudstream.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
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
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
    static final CardTokenizer TOKENIZER =
            new CardTokenizer("generator-unit-test-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final Instant MONDAY = Instant.parse("2024-03-04T00:00:00Z");

    /** A small world with every scenario frequent enough to show up within a fortnight. */
    static GeneratorSettings busyFraudWorld(long seed) {
        GeneratorSettings s =
                GeneratorSettings.defaults(seed, MONDAY, Duration.ofDays(14)).withPopulation(800, 200);
        for (Scenario sc : Scenario.values()) {
            s = s.withRate(sc, sc == Scenario.COMPROMISED_MERCHANT ? 0.01 : 0.003);
        }
        return s;
    }

    @Test
    void shouldNotReuseTransactionIdsWhenAStreamContinuesAnotherWithTheSameSeed() {
        GeneratorSettings first =
                GeneratorSettings.defaults(3, MONDAY, Duration.ofDays(1)).withPopulation(300, 60);
        GeneratorSettings next =
                GeneratorSettings.defaults(3, first.end(), Duration.ofDays(1)).withPopulation(300, 60);
        Set<String> a = transactionIds(all(TrafficGenerator.create(first, TOKENIZER)));
        Set<String> b = transactionIds(all(TrafficGenerator.create(next, TOKENIZER)));
        assertThat(a).isNotEmpty();
        assertThat(b).isNotEmpty().doesNotContainAnyElementsOf(a);
    }

    private static Set<String> transactionIds(List<GeneratedEvent> events) {
        return events.stream()
                .filter(e -> e instanceof GeneratedEvent.TransactionEvent)
                .map(e -> ((GeneratedEvent.TransactionEvent) e).transaction().getTransactionId())
                .collect(Collectors.toSet());
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
            assertThat(e.timeMillis())
                    .isGreaterThanOrEqualTo(previous)
                    .isGreaterThanOrEqualTo(s.start().toEpochMilli())
                    .isLessThan(s.end().toEpochMilli());
            previous = e.timeMillis();
        }
    }

    @Test
    void shouldProduceEveryFraudScenarioWithItsLabelLater() {
        // Given a fortnight with short label delays, so that most labels arrive within it
        List<GeneratedEvent> events =
                all(TrafficGenerator.create(busyFraudWorld(11).withLabelDelays(LabelDelays.SHORT), TOKENIZER));
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
        Set<String> labelledTypes = labels.stream()
                .filter(l -> l.getVerdict() == Verdict.FRAUD)
                .map(FraudLabel::getFraudType)
                .collect(Collectors.toSet());
        assertThat(labelledTypes)
                .containsExactlyInAnyOrder(java.util.Arrays.stream(Scenario.values())
                        .map(Scenario::label)
                        .toArray(String[]::new));
        for (FraudLabel l : labels) {
            assertThat(l.getLabelTime()).isAfter(l.getTransactionTime());
            if (l.getVerdict() == Verdict.FRAUD) {
                Transaction t = frauds.get(l.getTransactionId());
                assertThat(t)
                        .as("labelled transaction %s was emitted as fraud", l.getTransactionId())
                        .isNotNull();
                assertThat(l.getCardToken()).isEqualTo(t.getCardToken());
                assertThat(l.getTransactionTime()).isEqualTo(t.getEventTime());
                assertThat(l.getTerminalId())
                        .as("the labelled transaction's terminal")
                        .isEqualTo(t.getTerminalId());
            }
        }
        assertThat(labels).anyMatch(l -> l.getVerdict() == Verdict.LEGITIMATE);
        assertThat(labels).as("in-person fraud is labelled with its terminal").anyMatch(l -> l.getTerminalId() != null);
    }

    /** Delay of each FRAUD label, in days. */
    private static List<Double> fraudLabelDelayDays(List<GeneratedEvent> events) {
        return events.stream()
                .filter(e ->
                        e instanceof GeneratedEvent.LabelEvent l && l.label().getVerdict() == Verdict.FRAUD)
                .map(e -> ((GeneratedEvent.LabelEvent) e).label())
                .map(l -> Duration.between(l.getTransactionTime(), l.getLabelTime())
                                .toMillis()
                        / 86_400_000.0)
                .sorted()
                .toList();
    }

    @Test
    void shouldDelayFraudLabelsBySevenToSixtyDaysMostlyTwoToFourWeeksByDefault() {
        // Given the default settings over 100 days, with frequent fraud
        GeneratorSettings s =
                GeneratorSettings.defaults(21, MONDAY, Duration.ofDays(100)).withPopulation(300, 100);
        for (Scenario sc : Scenario.values()) {
            s = s.withRate(sc, sc == Scenario.COMPROMISED_MERCHANT ? 0.01 : 0.003);
        }

        // When
        List<Double> days = fraudLabelDelayDays(all(TrafficGenerator.create(s, TOKENIZER)));

        // Then chargebacks arrive after a week at the earliest, two months at the latest, mostly after two to four
        // weeks
        assertThat(s.labelDelays()).isEqualTo(LabelDelays.CHARGEBACK);
        assertThat(days).hasSizeGreaterThan(300).allSatisfy(d -> assertThat(d).isBetween(7.0, 60.0));
        assertThat(days.get(days.size() / 2)).as("median delay in days").isBetween(14.0, 28.0);
        assertThat(days.stream().filter(d -> d >= 14 && d <= 28).count())
                .as("delays of 2-4 weeks, of %d", days.size())
                .isGreaterThan(days.size() * 6L / 10);
    }

    @Test
    void shouldDrawChargebackDelaysAsDocumented() {
        // Given 100,000 draws of the chargeback profile
        Rng rng = new Rng(17);
        double[] days = new double[100_000];
        for (int i = 0; i < days.length; i++) {
            days[i] = LabelDelays.CHARGEBACK.sample(rng) / 86_400_000.0;
        }
        java.util.Arrays.sort(days);

        // Then (LabelDelays.CHARGEBACK's Javadoc): 7-60 days, median about 19, 10th-90th percentile about 13-30 days,
        // about 73 % within 14-28 days
        assertThat(days[0]).isGreaterThanOrEqualTo(7.0);
        assertThat(days[days.length - 1]).isLessThanOrEqualTo(60.0);
        assertThat(days[days.length / 2]).isBetween(18.5, 19.5);
        assertThat(days[days.length / 10]).isBetween(12.8, 13.8);
        assertThat(days[days.length * 9 / 10]).isBetween(29.3, 30.3);
        long twoToFourWeeks =
                java.util.Arrays.stream(days).filter(d -> d >= 14 && d <= 28).count();
        assertThat(twoToFourWeeks / (double) days.length).isBetween(0.70, 0.76);
        assertThat(LabelDelays.CHARGEBACK.maxDelay()).isEqualTo(Duration.ofDays(60));
    }

    @Test
    void shouldKeepTheShortLabelDelaysSelectable() {
        // Given a fortnight with the short profile
        List<Double> days = fraudLabelDelayDays(
                all(TrafficGenerator.create(busyFraudWorld(11).withLabelDelays(LabelDelays.SHORT), TOKENIZER)));

        // Then most labels arrive within a week, none within two hours
        assertThat(days).isNotEmpty().allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(2 / 24.0));
        assertThat(days.stream().filter(d -> d < 7).count()).isGreaterThan(days.size() / 2);
        assertThat(LabelDelays.SHORT.maxDelay()).isGreaterThanOrEqualTo(Duration.ofDays(56));
    }

    @Test
    void shouldNameTheLabelDelayProfilesAndRequireOne() {
        assertThat(LabelDelays.parse("chargeback")).isEqualTo(LabelDelays.CHARGEBACK);
        assertThat(LabelDelays.parse(" Short ")).isEqualTo(LabelDelays.SHORT);
        assertThatThrownBy(() -> LabelDelays.parse("weekly"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'weekly'")
                .hasMessageContaining("chargeback")
                .hasMessageContaining("short");
        GeneratorSettings d = GeneratorSettings.defaults(1, MONDAY, Duration.ofDays(1));
        assertThatThrownBy(() -> new GeneratorSettings(
                        1, 10, 60, MONDAY, Duration.ofDays(1), 2.5, Map.of(), 0.3, 0.01, 0.5, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("labelDelays");
        assertThat(d.withLabelDelays(LabelDelays.SHORT).labelDelays()).isEqualTo(LabelDelays.SHORT);
    }

    @Test
    void shouldContinueTheSameWorldAndLabelDelaysFromTheEnd() {
        // Given a short-delay history
        GeneratorSettings history = GeneratorSettings.defaults(4, MONDAY, Duration.ofDays(21))
                .withPopulation(500, 100)
                .withTxPerCardPerDay(4)
                .withRate(Scenario.LARGE_AMOUNT, 0.01)
                .withLabelDelays(LabelDelays.SHORT);

        // When it is continued for two days
        GeneratorSettings live = history.continuation(Duration.ofDays(2));

        // Then only the period moves on
        assertThat(live.start()).isEqualTo(history.end());
        assertThat(live.duration()).isEqualTo(Duration.ofDays(2));
        assertThat(live)
                .isEqualTo(new GeneratorSettings(
                        history.seed(),
                        history.cards(),
                        history.merchants(),
                        history.end(),
                        Duration.ofDays(2),
                        history.txPerCardPerDay(),
                        history.scenarioRates(),
                        history.compromisedShare(),
                        history.travelPerCardPerDay(),
                        history.legitimateLabelShare(),
                        LabelDelays.SHORT));
    }

    @Test
    void shouldSkimOnlyTheCompromisedTerminalDuringItsWindow() {
        // Given a merchant with three terminals whose terminal 2 is skimmed during [1000, 2000)
        Population.Merchant m =
                new Population.Merchant("m00001", Category.GROCERY, City.ALL.getFirst(), "GB", "GBP", 51.5, -0.1, 1, 3);
        m.compromise(2, 1000, 2000, null);

        // Then payments on terminal 2 in the window are skimmed, on its other terminals or outside the window not
        assertThat(m.compromisedAt(2, 1000)).isTrue();
        assertThat(m.compromisedAt(2, 1999)).isTrue();
        assertThat(m.compromisedAt(2, 999)).isFalse();
        assertThat(m.compromisedAt(2, 2000)).isFalse();
        assertThat(m.compromisedAt(1, 1500)).isFalse();
        assertThat(m.compromisedAt(3, 1500)).isFalse();
        assertThat(m.terminalId(2)).isEqualTo("m00001-T2");
        assertThatThrownBy(() -> m.compromise(4, 1000, 2000, null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A world where only terminals are compromised, often; enough merchants that random payments rarely meet. */
    static GeneratorSettings skimmingWorld(long seed, int days) {
        GeneratorSettings s =
                GeneratorSettings.defaults(seed, MONDAY, Duration.ofDays(days)).withPopulation(1500, 600);
        for (Scenario sc : Scenario.values()) {
            s = s.withRate(sc, sc == Scenario.COMPROMISED_MERCHANT ? 0.01 : 0);
        }
        return s;
    }

    @Test
    void shouldConcentrateCompromisedCardFraudOnAFewTerminals() {
        // Given six weeks in which terminals are often skimmed
        List<Transaction> fraud = all(TrafficGenerator.create(skimmingWorld(13, 42), TOKENIZER)).stream()
                .filter(e ->
                        e instanceof GeneratedEvent.TransactionEvent t && t.scenario() == Scenario.COMPROMISED_MERCHANT)
                .map(e -> ((GeneratedEvent.TransactionEvent) e).transaction())
                .toList();

        // Then most of the fraud is counterfeit cards swiped at terminals
        List<Transaction> atTerminals =
                fraud.stream().filter(t -> t.getTerminalId() != null).toList();
        assertThat(atTerminals).hasSizeGreaterThan(100);
        assertThat(atTerminals.size())
                .as("card-present share of %d", fraud.size())
                .isGreaterThan(fraud.size() * 7 / 10);
        assertThat(atTerminals)
                .allSatisfy(t -> assertThat(t.getEntryMode()).isEqualTo(io.fraudstream.schemas.avro.EntryMode.SWIPE));

        // and it concentrates on a few terminals, each hit repeatedly within a few weeks: their own history shows it
        Map<String, List<Transaction>> byTerminal =
                atTerminals.stream().collect(Collectors.groupingBy(Transaction::getTerminalId));
        long onRepeatedlyHitTerminals = byTerminal.values().stream()
                .filter(l -> l.size() >= 3)
                .mapToLong(List::size)
                .sum();
        assertThat(onRepeatedlyHitTerminals)
                .as(
                        "fraud on terminals hit 3 times or more, of %d on %d terminals",
                        atTerminals.size(), byTerminal.size())
                .isGreaterThan(atTerminals.size() * 8L / 10);
        List<List<Transaction>> hitRepeatedly =
                byTerminal.values().stream().filter(l -> l.size() >= 3).toList();
        long withinThreeWeeks = hitRepeatedly.stream()
                .filter(l -> Duration.between(
                                        l.getFirst().getEventTime(), l.getLast().getEventTime())
                                .toDays()
                        < 21)
                .count();
        assertThat(withinThreeWeeks)
                .as("terminals hit 3 times or more whose fraud spans less than 3 weeks, of %d", hitRepeatedly.size())
                .isGreaterThan(hitRepeatedly.size() * 3L / 4);
    }

    @Test
    void shouldLeaveACommonPointOfCompromiseOneTerminalWide() {
        // Given six weeks in which terminals are often skimmed, and every card's legitimate in-person payments
        List<GeneratedEvent> events = all(TrafficGenerator.create(skimmingWorld(29, 42), TOKENIZER));
        Map<String, List<Transaction>> inPersonByCard = new HashMap<>();
        Map<String, Map<String, Transaction>> firstFraudByCashOutTerminal = new HashMap<>();
        for (GeneratedEvent e : events) {
            if (e instanceof GeneratedEvent.TransactionEvent t
                    && t.transaction().getTerminalId() != null) {
                Transaction tx = t.transaction();
                if (t.scenario() == null) {
                    inPersonByCard
                            .computeIfAbsent(tx.getCardToken(), k -> new ArrayList<>())
                            .add(tx);
                } else if (t.scenario() == Scenario.COMPROMISED_MERCHANT) {
                    firstFraudByCashOutTerminal
                            .computeIfAbsent(tx.getTerminalId(), k -> new HashMap<>())
                            .putIfAbsent(tx.getCardToken(), tx);
                }
            }
        }

        // When, for each cash-out terminal, the merchants and terminals where all its defrauded cards paid in the three
        // weeks before are intersected (an issuer's common point of purchase analysis)
        int sharingAMerchant = 0;
        int sharingATerminal = 0;
        for (Map<String, Transaction> cards : firstFraudByCashOutTerminal.values()) {
            if (cards.size() < 2) {
                continue;
            }
            Set<String> terminals = null;
            Set<String> merchants = null;
            for (Transaction first : cards.values()) {
                List<Transaction> before = inPersonByCard.getOrDefault(first.getCardToken(), List.of()).stream()
                        .filter(t -> t.getEventTime().isBefore(first.getEventTime())
                                && t.getEventTime().isAfter(first.getEventTime().minus(Duration.ofDays(21))))
                        .toList();
                Set<String> t = before.stream().map(Transaction::getTerminalId).collect(Collectors.toSet());
                Set<String> m = before.stream().map(Transaction::getMerchantId).collect(Collectors.toSet());
                terminals = terminals == null ? new java.util.HashSet<>(t) : terminals;
                merchants = merchants == null ? new java.util.HashSet<>(m) : merchants;
                terminals.retainAll(t);
                merchants.retainAll(m);
            }
            if (!merchants.isEmpty()) { // (a terminal used by two rings mixes cards skimmed in two places)
                sharingAMerchant++;
                if (!terminals.isEmpty()) {
                    sharingATerminal++;
                }
            }
        }

        // Then cards defrauded together share the skimmed terminal, not merely its merchant
        assertThat(sharingAMerchant).isGreaterThan(10);
        assertThat(sharingATerminal)
                .as(
                        "cash-out terminals whose cards share a terminal, of %d whose cards share a merchant",
                        sharingAMerchant)
                .isGreaterThanOrEqualTo(sharingAMerchant * 9 / 10);
    }

    @Test
    void shouldPutImpossibleTravelFarAwayWithinMinutesOfAGenuinePayment() {
        GeneratorSettings s = GeneratorSettings.defaults(5, MONDAY, Duration.ofDays(7))
                .withPopulation(500, 200)
                .withRate(Scenario.IMPOSSIBLE_TRAVEL, 0.01);
        Map<String, Transaction> lastInPerson = new HashMap<>();
        int checked = 0;
        for (GeneratedEvent e : all(TrafficGenerator.create(s, TOKENIZER))) {
            if (!(e instanceof GeneratedEvent.TransactionEvent t)
                    || t.transaction().getLatitude() == null) {
                continue;
            }
            Transaction tx = t.transaction();
            Transaction before = t.scenario() == null
                    ? lastInPerson.put(tx.getCardToken(), tx)
                    : lastInPerson.get(tx.getCardToken());
            if (t.scenario() == Scenario.IMPOSSIBLE_TRAVEL
                    && before != null
                    && Duration.between(before.getEventTime(), tx.getEventTime())
                                    .toMinutes()
                            <= 40) {
                double km = City.distanceKm(
                        before.getLatitude(), before.getLongitude(), tx.getLatitude(), tx.getLongitude());
                assertThat(km).isGreaterThan(1000);
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void shouldNeverEmitACardNumber() {
        TrafficGenerator g = TrafficGenerator.create(busyFraudWorld(3), TOKENIZER);
        g.population()
                .cardProfiles()
                .forEach(p ->
                        assertThat(PanDetector.containsPanLike(p.toString())).isFalse());
        g.forEachRemaining(e -> assertThat(PanDetector.containsPanLike(
                        switch (e) {
                            case GeneratedEvent.TransactionEvent t ->
                                t.transaction().toString();
                            case GeneratedEvent.LabelEvent l -> l.label().toString();
                        }))
                .isFalse());
    }

    @Test
    void shouldFollowADailyRhythm() {
        // Given a European population, count transactions by UTC hour
        GeneratorSettings s =
                GeneratorSettings.defaults(9, MONDAY, Duration.ofDays(7)).withPopulation(2000, 200);
        int[] byHour = new int[24];
        for (GeneratedEvent e : all(TrafficGenerator.create(s, TOKENIZER))) {
            if (e instanceof GeneratedEvent.TransactionEvent t) {
                byHour[
                        t.transaction()
                                .getEventTime()
                                .atZone(java.time.ZoneOffset.UTC)
                                .getHour()]++;
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
