package dev.mooring.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The drift computation of the self-healing loop. */
class HealPlanTest {

    private static final String S1 = "6c1b16ce1c034d1c00000001";
    private static final String S2 = "6c1b16ce1c034d1c00000002";
    private static final String S3 = "6c1b16ce1c034d1c00000003";
    private static final String FOREIGN = "6c1b16ce1c034d1c000000ff";
    private static final String IQN = "iqn.2010-06.com.purestorage:flasharray.6c1b16ce1c034d1c";

    private final PublishContext v1 = context(S1);
    private final OwnershipRule rule = OwnershipRule.of(Set.of(S1, S2, S3));

    @Test
    void nothingToDoWhenTheNodeMatchesAttachSvc() {
        assertThat(HealPlan.plan(Map.of(S1, v1), Set.of(), Set.of(new IscsiTarget(IQN, "192.0.2.11:3260"),
                new IscsiTarget(IQN, "192.0.2.12:3260")), List.of(map(S1, 2, false)), Set.of(S1), rule)).isEmpty();
    }

    @Test
    void eachKindOfDriftWithItsSubject() {
        List<Drift> drifts = HealPlan.plan(Map.of(S1, v1), Set.of(), Set.of(new IscsiTarget(IQN, "192.0.2.11:3260")),
                List.of(map(S1, 1, false), map(S2, 2, false), map(S3, 2, false), map(FOREIGN, 2, false),
                        new HealPlan.MapView("36000c2931a2b3c4d5e6f708192a3b4c5", 1, 1, false)),
                Set.of(S1, S3), rule);
        assertThat(drifts).extracting(Drift::kind, Drift::subject).containsExactly(
                tuple(Drift.Kind.SESSION_DROPPED, IQN + "@192.0.2.12:3260"),
                tuple(Drift.Kind.PATHS_DEGRADED, Wwids.ofSerial(S1)),
                tuple(Drift.Kind.GHOST_MAP, Wwids.ofSerial(S2)),
                tuple(Drift.Kind.FENCED_MAP, Wwids.ofSerial(S3)));
    }

    @Test
    void aDriveAttachedHereIsNoGhostAndAFailedFencedMapIsNotFailedAgain() {
        assertThat(HealPlan.plan(Map.of(), Set.of(S2), Set.of(), List.of(map(S2, 2, false), map(S3, 0, true)),
                Set.of(S3), rule)).isEmpty();
    }

    private static HealPlan.MapView map(String serial, int active, boolean failed) {
        return new HealPlan.MapView(Wwids.ofSerial(serial), active, 2, failed);
    }

    private static PublishContext context(String serial) {
        return PublishContext.parse(Map.of("serial", serial, "arrays", "array-a", "array-a.protocol", "iscsi",
                "array-a.lun", "1", "array-a.targetIqn", IQN, "array-a.portals", "192.0.2.11:3260,192.0.2.12:3260"));
    }
}
