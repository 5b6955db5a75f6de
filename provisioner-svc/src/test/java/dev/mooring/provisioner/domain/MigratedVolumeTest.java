package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MigratedVolumeTest {

    private static final Set<String> OURS = Set.of("pxd.portworx.com");
    private static final String ID = "3f1e9c2a-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    private static final String ARRAY_VOLUME = "pod1::mooring-pvc-3f1e9c2a";

    /** A PV as topology-svc copies it from site-a. */
    private static MigratedVolume pv(String driver, String migratedFrom, String handle, Map<String, String> attributes) {
        return new MigratedVolume("pvc-" + ID, driver, migratedFrom, handle, attributes, 10L << 30,
                List.of("ReadWriteOnce"), "Filesystem", "ext4", "fada-activecluster-sc", "apps", "db");
    }

    private static Map<String, String> attributes() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("backend", "pure_block");
        attributes.put("arrays", "array-a,array-b");
        attributes.put("arrayVolumeName", ARRAY_VOLUME);
        attributes.put("serial", "A1B2C3D4E5F6A7B8C9D0E1F2");
        attributes.put("pod", "pod1");
        return attributes;
    }

    @Test
    void aPvMigratedFromSiteAIsAdoptedWithWhatItsAttributesName() {
        MigratedVolume.Verdict verdict = pv("pxd.portworx.com", "site-a", ID, attributes()).decide(OURS);

        assertThat(verdict).isEqualTo(new MigratedVolume.Candidate(UUID.fromString(ID), "pure_block",
                List.of("array-a", "array-b"), "pod1", ARRAY_VOLUME, Optional.of("A1B2C3D4E5F6A7B8C9D0E1F2")));
    }

    @Test
    void aPvWithoutASerialIsStillACandidateTheArraysAloneAreChecked() {
        Map<String, String> attributes = attributes();
        attributes.remove("serial");

        MigratedVolume.Verdict verdict = pv("pxd.portworx.com", "site-a", ID, attributes).decide(OURS);

        assertThat(verdict).isInstanceOfSatisfying(MigratedVolume.Candidate.class,
                candidate -> assertThat(candidate.serial()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "another CSI driver               | ebs.csi.aws.com  | site-a | " + ID + " | ",
            "made here (no migrated-from)     | pxd.portworx.com |        | " + ID + " | ",
            "handle that is not a volume id   | pxd.portworx.com | site-a | vol-17   | ",
            "no pod attribute                 | pxd.portworx.com | site-a | " + ID + " | pod",
            "no arrayVolumeName attribute     | pxd.portworx.com | site-a | " + ID + " | arrayVolumeName"})
    void notACandidate(String scenario, String driver, String migratedFrom, String handle, String missingAttribute) {
        Map<String, String> attributes = attributes();
        if (missingAttribute != null) {
            attributes.remove(missingAttribute);
        }

        MigratedVolume.Verdict verdict = pv(driver, migratedFrom, handle, attributes).decide(OURS);

        assertThat(verdict).isInstanceOf(MigratedVolume.NotACandidate.class);
    }
}
