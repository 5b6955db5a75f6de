package dev.mooring.topology.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stork's locality scores: how close a node is to where a volume's replicas are. */
class LocalityTest {

    private static final NodePlace REPLICA = new NodePlace("n1", "east", "east-a", "r1");

    @Test
    void theNodeHoldingAReplicaScoresHighestThenItsRackZoneAndRegion() {
        assertThat(Locality.score(new NodePlace("n1", "east", "east-a", "r1"), REPLICA)).isEqualTo(100);
        assertThat(Locality.score(new NodePlace("n2", "east", "east-a", "r1"), REPLICA)).isEqualTo(50);
        assertThat(Locality.score(new NodePlace("n3", "east", "east-a", "r2"), REPLICA)).isEqualTo(25);
        assertThat(Locality.score(new NodePlace("n4", "east", "east-b", "r1"), REPLICA)).isEqualTo(10);
        assertThat(Locality.score(new NodePlace("n5", "west", "east-a", "r1"), REPLICA)).isZero();
    }

    @Test
    void unknownLevelsNeverMatch() {
        NodePlace noRack = new NodePlace("n1", "east", "east-a", null);
        assertThat(Locality.score(new NodePlace("n2", "east", "east-a", null), noRack)).isEqualTo(25);
        assertThat(Locality.score(NodePlace.unknown("n2"), NodePlace.unknown("n1"))).isZero();
    }

    @Test
    void theBestReplicaCounts() {
        assertThat(Locality.score(new NodePlace("n9", "east", "east-b", "r7"),
                List.of(REPLICA, new NodePlace("n8", "east", "east-b", "r7")))).isEqualTo(50);
    }
}
