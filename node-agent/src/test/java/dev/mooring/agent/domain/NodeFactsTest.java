package dev.mooring.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the node's files and deriving its topology. */
class NodeFactsTest {

    @Test
    void initiatorNameSkipsComments() {
        assertThat(NodeFacts.initiatorName("## DO NOT EDIT OR REMOVE THIS FILE!\n## If you remove this file, the"
                + " iSCSI daemon will not start.\nInitiatorName=iqn.1993-08.org.debian:01:8f2a6b1c3d4e\n"))
                .hasValue("iqn.1993-08.org.debian:01:8f2a6b1c3d4e");
        assertThat(NodeFacts.initiatorName("# nothing\n")).isEmpty();
    }

    @Test
    void fcPortNamesBecomeSixteenHexDigits() {
        assertThat(NodeFacts.fcPortName("0x21000024ff3a4b5c\n")).hasValue("21000024ff3a4b5c");
        assertThat(NodeFacts.fcPortName("0x0000000000000000\n")).isEmpty();
        assertThat(NodeFacts.fcPortName("garbage")).isEmpty();
    }

    @Test
    void pxEnvReadsExportsAndQuotes() {
        assertThat(NodeFacts.pxEnv("# px\nexport PX_ZONE=\"zone-b\"\nPX_RACK='rack 7'\nbad line\nPWX_REGION=eu\n"))
                .containsExactly(Map.entry("PX_ZONE", "zone-b"), Map.entry("PX_RACK", "rack 7"),
                        Map.entry("PWX_REGION", "eu"));
    }

    @Test
    void topologyTakesPxLabelsThenWellKnownLabelsThenPxEnv() {
        assertThat(NodeFacts.topology(Map.of("px/zone", "z-label", "topology.kubernetes.io/zone", "z-k8s",
                        "topology.kubernetes.io/region", "r-k8s"),
                Map.of("PX_ZONE", "z-env", "PX_REGION", "r-env", "PWX_RACK", "rack-env")))
                .containsExactly(Map.entry("px/region", "r-k8s"), Map.entry("px/zone", "z-label"),
                        Map.entry("px/rack", "rack-env"));
        assertThat(NodeFacts.topology(Map.of(), Map.of())).isEmpty();
    }
}
