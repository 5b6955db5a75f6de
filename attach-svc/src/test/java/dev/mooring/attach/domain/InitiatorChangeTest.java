package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InitiatorChangeTest {

    private static NodeInitiators of(String iqns, String wwns) {
        return new NodeInitiators(NodeInitiators.split(iqns), NodeInitiators.split(wwns));
    }

    @ParameterizedTest(name = "host [{0}|{1}] → node [{2}|{3}]: +[{4}] -[{5}] +[{6}] -[{7}]")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // host iqns   | host wwns | node iqns   | node wwns | add iqns | remove iqns | add wwns | remove wwns
            "-             | -         | iqn.x:1     | -         | iqn.x:1  | -           | -        | -",
            "iqn.x:1       | -         | iqn.x:1     | -         | -        | -           | -        | -",
            "iqn.x:1       | -         | iqn.x:2     | -         | iqn.x:2  | iqn.x:1     | -        | -",
            "IQN.X:1       | -         | iqn.x:1     | -         | -        | -           | -        | -",
            "-             | W1        | -           | W1,W2     | -        | -           | W2       | -",
            "iqn.x:1       | W1,W2     | -           | W2        | -        | iqn.x:1     | -        | W1",
    })
    void addsWhatIsMissingAndRemovesWhatIsNoLongerTheNodes(String hostIqns, String hostWwns, String nodeIqns,
                                                           String nodeWwns, String addIqns, String removeIqns,
                                                           String addWwns, String removeWwns) {
        InitiatorChange change = InitiatorChange.between(of(hostIqns, hostWwns), of(nodeIqns, nodeWwns));

        assertThat(change.addIqns()).isEqualTo(NodeInitiators.split(addIqns));
        assertThat(change.removeIqns()).isEqualTo(NodeInitiators.split(removeIqns));
        assertThat(change.addWwns()).isEqualTo(NodeInitiators.split(addWwns));
        assertThat(change.removeWwns()).isEqualTo(NodeInitiators.split(removeWwns));
    }

    @Test
    void noChangeIsEmpty() {
        NodeInitiators same = new NodeInitiators(List.of("iqn.x:1"), List.of("2100000000000001"));
        assertThat(InitiatorChange.between(same, same).isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "host [{0}|{1}], node [{2}|{3}] → adopt {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "iqn.x:1 | -  | iqn.x:1 | W1 | true",
            "iqn.x:1 | W1 | iqn.x:1 | W1 | true",
            "-       | -  | iqn.x:1 | -  | false",
            "iqn.y:9 | -  | iqn.x:1 | -  | false",
            "iqn.x:1 | W9 | iqn.x:1 | W1 | false",
    })
    void aHostWithTheNodesNameIsAdoptedOnlyWhenItsInitiatorsAreAllTheNodes(String hostIqns, String hostWwns,
                                                                          String nodeIqns, String nodeWwns,
                                                                          boolean adopt) {
        assertThat(HostAdoption.mayAdopt(of(hostIqns, hostWwns), of(nodeIqns, nodeWwns))).isEqualTo(adopt);
    }

    @ParameterizedTest(name = "node iqn={0} wwn={1}, array iscsi={2} fc={3} → {4}")
    @CsvSource(nullValues = "-", value = {
            "true,  false, true,  true,  iscsi",
            "true,  true,  true,  true,  iscsi",
            "false, true,  true,  true,  fc",
            "true,  true,  false, true,  fc",
            "true,  false, false, true,  -",
            "false, false, true,  true,  -",
    })
    void iscsiWhenTheNodeHasAnIqnElseFibreChannel(boolean iqn, boolean wwn, boolean arrayIscsi, boolean arrayFc,
                                                 Protocol expected) {
        NodeInitiators node = new NodeInitiators(iqn ? List.of("iqn.x:1") : List.of(),
                wwn ? List.of("2100000000000001") : List.of());

        assertThat(Protocol.choose(node, arrayIscsi, arrayFc).orElse(null)).isEqualTo(expected);
    }
}
