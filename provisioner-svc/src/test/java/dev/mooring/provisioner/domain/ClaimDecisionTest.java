package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClaimDecisionTest {

    private static final Set<String> OURS = Set.of("pxd.portworx.com");
    private static final String UID = "7b0f4a36-0d5e-4c5f-9b1e-2f6f1d0c9a11";
    /** The seed's StorageClass: fada-activecluster-sc. */
    private static final ClassFacts SEED = new ClassFacts("fada-activecluster-sc", "pxd.portworx.com",
            Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"), null, "Immediate", true, false);

    private static ClaimFacts claim(String size, Long bytes) {
        return new ClaimFacts("apps", "vm-disk", UID, "fada-activecluster-sc", size, bytes,
                List.of("ReadWriteOnce"), null, null, null, false, false);
    }

    private static ClaimFacts claim() {
        return claim("10Gi", 10L << 30);
    }

    @Test
    void theSeedsClaimIsProvisionedInThePodWithEverythingThePvNeeds() {
        ClaimDecision.Outcome outcome = ClaimDecision.decide(claim(), SEED, OURS);

        assertThat(outcome).isInstanceOf(ClaimDecision.Provision.class);
        ClaimVolume volume = ((ClaimDecision.Provision) outcome).volume();
        assertThat(volume.volumeId().toString()).isEqualTo(UID);
        assertThat(volume.name()).isEqualTo("pvc-" + UID);
        assertThat(volume.sizeBytes()).isEqualTo(10L << 30);
        assertThat(volume.parameters().podName()).hasValue("pod1");
        assertThat(volume.claimUid()).isEqualTo(UID);
        assertThat(volume.volumeMode()).isEqualTo("Filesystem");
        assertThat(volume.reclaimPolicy()).isEqualTo(ReclaimPolicy.Delete);
        assertThat(volume.allowExpansion()).isTrue();
        assertThat(volume.driver()).isEqualTo("pxd.portworx.com");
        assertThat(volume.storageClass()).isEqualTo("fada-activecluster-sc");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no class named             | ''                     | pxd.portworx.com | ''            | Ignore",
            "class unknown              | missing-sc             | pxd.portworx.com | ''            | Ignore",
            "another provisioner        | fada-activecluster-sc  | ebs.csi.aws.com  | ''            | Ignore",
            "bound to someone else's PV | fada-activecluster-sc  | pxd.portworx.com | pv-by-hand    | Ignore",
            "bound to our PV            | fada-activecluster-sc  | pxd.portworx.com | pvc-" + UID + " | Provision"})
    void claimsThatAreNotMooringsToProvisionAreLeftAlone(String what, String className, String provisioner,
                                                         String volumeName, String expected) {
        ClaimFacts c = new ClaimFacts("apps", "vm-disk", UID, className, "1Gi", 1L << 30, List.of("ReadWriteOnce"),
                null, volumeName, null, false, false);
        ClassFacts k = "missing-sc".equals(className) ? null : new ClassFacts(className, provisioner,
                Map.of("backend", "pure_block"), null, null, false, false);

        assertThat(ClaimDecision.decide(c, k, OURS).getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void waitForFirstConsumerWaitsForTheSelectedNodeAndRecordsIt() {
        ClassFacts wffc = new ClassFacts("late", "pxd.portworx.com", Map.of("backend", "pure_block"), "Retain",
                "WaitForFirstConsumer", false, false);
        ClaimFacts waiting = new ClaimFacts("apps", "db", UID, "late", "1Gi", 1L << 30, List.of("ReadWriteOnce"),
                "Block", null, null, false, false);
        ClaimFacts scheduled = new ClaimFacts("apps", "db", UID, "late", "1Gi", 1L << 30, List.of("ReadWriteOnce"),
                "Block", null, "node-1", false, false);

        assertThat(ClaimDecision.decide(waiting, wffc, OURS)).isInstanceOf(ClaimDecision.WaitForNode.class);
        ClaimVolume volume = ((ClaimDecision.Provision) ClaimDecision.decide(scheduled, wffc, OURS)).volume();
        assertThat(volume.selectedNode()).isEqualTo("node-1");
        assertThat(volume.reclaimPolicy()).isEqualTo(ReclaimPolicy.Retain);
        assertThat(volume.fsType()).as("a raw block volume has no filesystem").isNull();
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "max_iops          | 50          | InvalidParameter | parameter max_iops: must be between 100 and 100000000",
            "max_iops          | 100000001   | InvalidParameter | parameter max_iops",
            "max_bandwidth     | 512K        | InvalidParameter | parameter max_bandwidth: must be between 1M and 512G",
            "max_bandwidth     | 1T          | InvalidParameter | parameter max_bandwidth",
            "backend           | ceph        | InvalidParameter | unknown backend 'ceph'",
            "backend           | pure_file   | InvalidParameter | file storage) is not supported",
            "repl2             | 3           | InvalidParameter | parameter repl2: unknown parameter",
            "pure_fa_pod_name  | pod_1       | InvalidParameter | not a FlashArray pod name"})
    void badParametersAreRefusedNamingTheClassAndTheParameter(String key, String value, String reason, String says) {
        Map<String, String> parameters = new HashMap<>(SEED.parameters());
        parameters.put(key, value);
        ClassFacts k = new ClassFacts("bad-sc", "pxd.portworx.com", parameters, null, null, true, false);

        ClaimDecision.Outcome outcome = ClaimDecision.decide(claim(), k, OURS);

        assertThat(outcome).isInstanceOfSatisfying(ClaimDecision.Refuse.class, refuse -> {
            assertThat(refuse.reason()).isEqualTo(reason);
            assertThat(refuse.message()).startsWith("StorageClass bad-sc: ").contains(says);
            assertThat(refuse.volume().volumeId().toString()).isEqualTo(UID);
        });
    }

    @Test
    void aPodVolumeIsRefusedWhenTheClassAsksForTopology() {
        ClassFacts k = new ClassFacts("zoned", "pxd.portworx.com", SEED.parameters(), null, "WaitForFirstConsumer",
                false, true);
        ClaimFacts c = new ClaimFacts("apps", "vm-disk", UID, "zoned", "1Gi", 1L << 30, List.of("ReadWriteOnce"),
                null, null, "node-1", false, false);

        assertThat(ClaimDecision.decide(c, k, OURS)).isInstanceOfSatisfying(ClaimDecision.Refuse.class, refuse -> {
            assertThat(refuse.reason()).isEqualTo("TopologyNotSupported");
            assertThat(refuse.message()).contains("zoned", "allowedTopologies", "pod1");
        });
    }

    @Test
    void topologyWithoutAPodIsFine() {
        ClassFacts k = new ClassFacts("zoned", "pxd.portworx.com", Map.of("backend", "pure_block"), null, null,
                false, true);

        assertThat(ClaimDecision.decide(claim(), k, OURS)).isInstanceOf(ClaimDecision.Provision.class);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "''     | ''                          | Filesystem | InvalidSize               | is missing",
            "lots   | ''                          | Filesystem | InvalidSize               | is not a quantity",
            "1Ki    | 1024                        | Filesystem | InvalidSize               | smaller than the minimum",
            "5Pi    | 5629499534213120            | Filesystem | InvalidSize               | larger than a FlashArray volume",
            "1Gi    | 1073741824                  | Tape       | InvalidParameter          | volumeMode",
            "1Gi    | 1073741824                  | Filesystem | AccessModeNotSupported    | ReadWriteMany with volumeMode Filesystem",
            "1Gi    | 1073741824                  | Block      | ''                        | ''"})
    void sizeVolumeModeAndAccessModesAreChecked(String size, String bytes, String volumeMode, String reason,
                                                String says) {
        ClaimFacts c = new ClaimFacts("apps", "vm-disk", UID, "fada-activecluster-sc", size,
                bytes.isEmpty() ? null : Long.valueOf(bytes), List.of("ReadWriteMany"), volumeMode, null, null, false,
                false);

        ClaimDecision.Outcome outcome = ClaimDecision.decide(c, SEED, OURS);

        if (reason.isEmpty()) {
            assertThat(outcome).as("RWX raw block (KubeVirt live migration) is fine").isInstanceOf(ClaimDecision.Provision.class);
        } else {
            assertThat(outcome).isInstanceOfSatisfying(ClaimDecision.Refuse.class, refuse -> {
                assertThat(refuse.reason()).isEqualTo(reason);
                assertThat(refuse.message()).contains("apps/vm-disk", says);
            });
        }
    }

    @Test
    void aClaimFilledFromADataSourceIsRefused() {
        ClaimFacts c = new ClaimFacts("apps", "clone", UID, "fada-activecluster-sc", "1Gi", 1L << 30,
                List.of("ReadWriteOnce"), null, null, null, true, false);

        assertThat(ClaimDecision.decide(c, SEED, OURS)).isInstanceOfSatisfying(ClaimDecision.Refuse.class,
                refuse -> assertThat(refuse.reason()).isEqualTo("DataSourceNotSupported"));
    }

    @Test
    void sizesAreRoundedUpToWhatTheArrayAcceptsAndFsTypeComesFromTheClass() {
        ClassFacts k = new ClassFacts("xfs", "pxd.portworx.com",
                Map.of("backend", "pure_block", "csi.storage.k8s.io/fstype", "xfs"), "Delete", null, false, false);

        ClaimVolume volume = ((ClaimDecision.Provision) ClaimDecision.decide(claim("1000001k", 1_000_001_000L), k, OURS))
                .volume();

        assertThat(volume.sizeBytes()).isEqualTo(1_000_001_024L);
        assertThat(volume.fsType()).isEqualTo("xfs");
    }

    @Test
    void aClaimUidThatIsNoUuidStillGivesAStableVolumeId() {
        assertThat(ClaimDecision.volumeIdOf("abc")).isEqualTo(ClaimDecision.volumeIdOf("abc"))
                .isNotEqualTo(ClaimDecision.volumeIdOf("abd"));
    }
}
