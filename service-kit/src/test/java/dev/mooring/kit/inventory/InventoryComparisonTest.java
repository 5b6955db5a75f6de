package dev.mooring.kit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.kit.inventory.InventoryComparison.Booked;
import dev.mooring.kit.inventory.InventoryComparison.Input;
import dev.mooring.kit.inventory.InventoryComparison.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The one rule of what is an orphan, when its grace is over, and what it never touches. */
class InventoryComparisonTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);
    private static final String OURS = "mooring-data-1a2b3c4d";
    private static final Expected NOTHING_KNOWN = new Expected(Map.of(),
            Map.of("volume", Claim.released("NoVolumeRecord", "no volume has this name")));

    /** A case: one object, what the state says of it, what the book holds; is it an orphan, due, new? */
    record Case(String what, ArrayObject object, Map<String, Claim> claims, Booked booked, boolean reportOnly,
                boolean orphan, boolean due, boolean firstFound, String action) {
    }

    static Stream<Arguments> cases() {
        ArrayObject volume = ArrayObject.on("array-a", "volume", OURS, false);
        return Stream.of(
                new Case("unrecorded, seen first now: reported at once, cleaned after the grace", volume, Map.of(), null,
                        false, true, false, true, Orphan.CLEAN_UP_AFTER_GRACE),
                new Case("wanted by the state: no orphan", volume, Map.of(OURS, Claim.wanted()), null, false,
                        false, false, false, null),
                new Case("in flight (intent recorded, not finished): never touched", volume,
                        Map.of(OURS, Claim.inFlight("create recorded")), booked(NOW.minus(Duration.ofDays(2))),
                        false, false, false, false, null),
                new Case("released by the state (row Deleted): an orphan with that reason", volume,
                        Map.of(OURS, Claim.released("VolumeDeleted", "deleted")), null, false, true, false, true,
                        Orphan.CLEAN_UP_AFTER_GRACE),
                new Case("outside the naming: never reported, whatever the state",
                        ArrayObject.on("array-a", "volume", "customer-db", false), Map.of(), null, false,
                        false, false, false, null),
                new Case("destroyed already (pending eradication): no orphan",
                        ArrayObject.on("array-a", "volume", OURS, true), Map.of(), null, false, false, false, false,
                        null),
                new Case("booked 59 minutes ago: still waiting", volume, Map.of(), booked(NOW.minus(Duration.ofMinutes(59))),
                        false, true, false, false, Orphan.CLEAN_UP_AFTER_GRACE),
                new Case("booked exactly one grace ago: due", volume, Map.of(), booked(NOW.minus(GRACE)), false, true,
                        true, false, Orphan.CLEAN_UP_AFTER_GRACE),
                new Case("unproven (not wanted, not provably Mooring's): reported, never due, even days later", volume,
                        Map.of(OURS, Claim.unproven("UnknownVolume", "nobody knows it")),
                        booked(NOW.minus(Duration.ofDays(3))), false, true, false, false, Orphan.REPORT_ONLY),
                new Case("report-only: reported, never due", volume, Map.of(), booked(NOW.minus(Duration.ofDays(3))),
                        true, true, false, false, Orphan.REPORT_ONLY),
                new Case("the last clean-up failed: due again, still showing the failure", volume, Map.of(),
                        new Booked(List.of("array-a"), NOW.minus(Duration.ofHours(2)), Orphan.CLEANUP_FAILED, null,
                                null), false, true, true, false, Orphan.CLEANUP_FAILED),
                new Case("cleaned up before and back (recovered by someone): kept, never cleaned again", volume,
                        Map.of(), new Booked(List.of("array-a"), NOW.minus(Duration.ofHours(3)), "Destroyed",
                                NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofMinutes(50))), false, true, false,
                        false, Orphan.KEPT_AFTER_RECOVERY),
                new Case("resolved before without a clean-up and back: a new sighting", volume, Map.of(),
                        new Booked(List.of("array-a"), NOW.minus(Duration.ofDays(1)), Orphan.CLEAN_UP_AFTER_GRACE,
                                null, NOW.minus(Duration.ofHours(5))), false, true, false, true,
                        Orphan.CLEAN_UP_AFTER_GRACE))
                .map(c -> Arguments.of(c.what(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String what, Case c) {
        Plan plan = InventoryComparison.compare(input(List.of(c.object()), Set.of("array-a"),
                new Expected(c.claims(), NOTHING_KNOWN.unrecorded()),
                c.booked() == null ? Map.of() : Map.of(c.object().key(), c.booked()), c.reportOnly()));

        assertThat(plan.orphans()).as(what).hasSize(c.orphan() ? 1 : 0);
        if (c.orphan()) {
            Orphan orphan = plan.orphans().get(0);
            assertThat(orphan.due()).as(what + ": due").isEqualTo(c.due());
            assertThat(orphan.firstFound()).as(what + ": first found").isEqualTo(c.firstFound());
            assertThat(orphan.action()).as(what + ": action").isEqualTo(c.action());
            Instant expectedFirst = c.firstFound() ? NOW : c.booked().firstSeen();
            assertThat(orphan.firstSeen()).isEqualTo(expectedFirst);
            assertThat(orphan.age()).isEqualTo(Duration.between(expectedFirst, NOW));
        }
    }

    @Test
    void theReasonComesFromTheStateOrFromTheKindOfAnUnrecordedObject() {
        ArrayObject drive = ArrayObject.on("array-a", "drive", "mooring-n1-abcdef-d0", false);
        Plan plan = InventoryComparison.compare(input(List.of(drive), Set.of("array-a"),
                new Expected(Map.of("mooring-n1-abcdef-d0", Claim.released("PoolFailed", "pool pool-n1 failed")),
                        Map.of()), Map.of(), false));
        assertThat(plan.orphans()).singleElement().extracting(Orphan::reason).isEqualTo("PoolFailed");

        Plan unknownKind = InventoryComparison.compare(input(List.of(drive), Set.of("array-a"),
                new Expected(Map.of(), Map.of()), Map.of(), false));
        assertThat(unknownKind.orphans()).singleElement().extracting(Orphan::reason).isEqualTo("Unrecorded");
    }

    @Test
    void aSharedObjectSeenOnTwoArraysIsOneOrphanOnBoth() {
        String name = "pod1::" + OURS;
        List<ArrayObject> seen = List.of(new ArrayObject("array-a", "pod-volume", name, false, true),
                new ArrayObject("array-b", "pod-volume", name, false, true));

        Plan plan = InventoryComparison.compare(input(seen, Set.of("array-a", "array-b"), NOTHING_KNOWN, Map.of(),
                false));

        assertThat(plan.orphans()).singleElement().satisfies(orphan -> {
            assertThat(orphan.arrays()).containsExactly("array-a", "array-b");
            assertThat(orphan.shared()).isTrue();
            assertThat(orphan.key()).isEqualTo(new OrphanKey("pod-volume", OrphanKey.SHARED, name));
        });
    }

    @Test
    void aBookedOrphanIsResolvedOnlyWhenEveryArrayItWasOnWasListed() {
        OrphanKey onA = new OrphanKey("volume", "array-a", OURS);
        OrphanKey onB = new OrphanKey("volume", "array-b", "mooring-other-99887766");
        Map<OrphanKey, Booked> book = Map.of(
                onA, booked(NOW.minus(Duration.ofMinutes(5))),
                onB, new Booked(List.of("array-b"), NOW.minus(Duration.ofMinutes(5)), Orphan.CLEAN_UP_AFTER_GRACE,
                        null, null));

        // array-b did not answer: its orphan is neither seen nor resolved; array-a's is gone (or claimed).
        Plan plan = InventoryComparison.compare(input(List.of(), Set.of("array-a"), NOTHING_KNOWN, book, false));

        assertThat(plan.orphans()).isEmpty();
        assertThat(plan.resolved()).containsExactly(onA);
    }

    @Test
    void anOrphanThatTheStateClaimsAgainIsResolved() {
        ArrayObject volume = ArrayObject.on("array-a", "volume", OURS, false);
        Plan plan = InventoryComparison.compare(input(List.of(volume), Set.of("array-a"),
                new Expected(Map.of(OURS, Claim.inFlight("resize")), Map.of()),
                Map.of(volume.key(), booked(NOW.minus(Duration.ofHours(2)))), false));

        assertThat(plan.orphans()).isEmpty();
        assertThat(plan.resolved()).containsExactly(volume.key());
    }

    @Test
    void aJudgedClaimDependsOnTheWholeObjectAndAnInFlightNameStillWins() {
        // One connection name on two arrays: wanted on array-a, released on array-b (e.g. no attachment there).
        String connection = "mooring-node-1/" + OURS;
        ArrayObject onA = ArrayObject.on("array-a", "connection", connection, false);
        ArrayObject onB = ArrayObject.on("array-b", "connection", connection, false);
        ArrayObject unjudged = ArrayObject.on("array-a", "connection", "mooring-node-2/" + OURS, false);
        Expected judged = Expected.judgedBy(object -> object.name().startsWith("mooring-node-2/") ? null
                : object.array().equals("array-a") ? Claim.wanted()
                : Claim.released("NoAttachment", "no attachment wants it"),
                Map.of("connection", Claim.released("UnknownVolume", "no volume of this name")));

        Plan plan = InventoryComparison.compare(input(List.of(onA, onB, unjudged), Set.of("array-a", "array-b"),
                judged, Map.of(), false));

        assertThat(plan.orphans()).extracting(o -> o.arrays().get(0) + " " + o.name() + " " + o.reason())
                .containsExactlyInAnyOrder("array-b " + connection + " NoAttachment",
                        "array-a mooring-node-2/" + OURS + " UnknownVolume");

        Plan inFlight = InventoryComparison.compare(input(List.of(onB), Set.of("array-b"),
                judged.withInFlight(Map.of(connection, "disconnect recorded")), Map.of(), false));
        assertThat(inFlight.orphans()).isEmpty();
    }

    private static Booked booked(Instant firstSeen) {
        return new Booked(List.of("array-a"), firstSeen, Orphan.CLEAN_UP_AFTER_GRACE, null, null);
    }

    private static Input input(List<ArrayObject> observed, Set<String> listed, Expected expected,
                               Map<OrphanKey, Booked> book, boolean reportOnly) {
        return new Input(observed, listed, expected, object -> object.name().contains("mooring-"), book, NOW, GRACE,
                reportOnly);
    }
}
