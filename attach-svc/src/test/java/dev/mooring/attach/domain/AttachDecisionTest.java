package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The single-writer rule, as a table: access modes, volume mode, who holds the volume, who asks → outcome. */
class AttachDecisionTest {

    @ParameterizedTest(name = "{0} {1}, held by [{2}], {3} asks → {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // access modes              | volume mode | holders        | asking | outcome
            "ReadWriteOnce               | Filesystem  | -              | n1     | proceed",
            "ReadWriteOnce               | Filesystem  | n1             | n1     | proceed",
            "ReadWriteOnce               | Filesystem  | n1             | n2     | refused:n1",
            "ReadWriteOnce               | Block       | n1             | n2     | refused:n1",
            "ReadWriteMany               | Filesystem  | n1             | n2     | refused:n1",
            "ReadWriteMany               | -           | n1             | n2     | refused:n1",
            "ReadOnlyMany                | Block       | n1             | n2     | refused:n1",
            "ReadWriteOncePod            | Block       | n1             | n2     | refused:n1",
            "-                           | -           | n3,n1          | n2     | refused:n1",
            "ReadWriteMany               | Block       | -              | n1     | proceed",
            "ReadWriteMany               | Block       | n1             | n2     | proceed",
            "ReadWriteMany               | Block       | n1,n2          | n3     | proceed",
            "ReadWriteOnce,ReadWriteMany | Block       | n1             | n2     | proceed",
    })
    void oneNodeAtATimeUnlessRwxRawBlock(String modes, String volumeMode, String holders, String node, String outcome) {
        List<String> accessModes = modes == null ? List.of() : Arrays.asList(modes.split(","));
        List<String> holding = holders == null ? List.of() : Arrays.asList(holders.split(","));

        AttachDecision decision = AttachDecision.decide(VolumeSharing.multiNode(accessModes, volumeMode), node, holding);

        if (outcome.equals("proceed")) {
            assertThat(decision).isInstanceOf(AttachDecision.Proceed.class);
        } else {
            assertThat(decision).isEqualTo(new AttachDecision.Refused(outcome.substring("refused:".length())));
        }
    }

    @org.junit.jupiter.api.Test
    void theRefusalNamesTheHolderTheVolumeAndWhatToDo() {
        String message = new AttachDecision.Refused("worker-1").message("vol-1", "worker-2");

        assertThat(message).contains("vol-1", "attached to node worker-1", "Detach it from worker-1",
                "attaching it to worker-2");
    }
}
