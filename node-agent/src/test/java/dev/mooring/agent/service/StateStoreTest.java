package dev.mooring.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.agent.domain.AccessMode;
import dev.mooring.agent.domain.CsiError;
import dev.mooring.agent.domain.StagedVolume;
import dev.mooring.agent.domain.VolumeCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restarted agent reads back: staged volumes, their publications, and the ownership ledger. */
class StateStoreTest {

    @TempDir
    Path dir;

    @Test
    void aStagedVolumeSurvivesARestartOfTheStore() {
        StateStore store = new StateStore(dir);
        VolumeCapability cap = VolumeCapability.validated(VolumeCapability.AccessType.MOUNT, "xfs", List.of("noatime"),
                AccessMode.SINGLE_NODE_WRITER, "c", "ext4");
        StagedVolume v = new StagedVolume("pvc/with:odd chars", "/s", "6c1b16ce1c034d1c00000001",
                "3624a93706c1b16ce1c034d1c00000001", "/dev/mapper/x", cap, Map.of("serial", "6c1b16ce1c034d1c00000001"),
                Map.of()).withPublication(new StagedVolume.Publication("/t", true, cap));
        store.save(v);

        StateStore reopened = new StateStore(dir);
        assertThat(reopened.find("pvc/with:odd chars")).hasValue(v);
        assertThat(reopened.all()).containsExactly(v);
        reopened.delete("pvc/with:odd chars");
        assertThat(reopened.find("pvc/with:odd chars")).isEmpty();
        assertThat(dir.resolve("volumes")).isEmptyDirectory();
    }

    @Test
    void theLedgerKeepsSerialsAcrossRestarts() {
        Ownership ownership = new Ownership(new StateStore(dir));
        ownership.record(Set.of("6C1B16CE1C034D1C00000001", "6c1b16ce1c034d1c00000002"));
        ownership.forget("6c1b16ce1c034d1c00000002");
        Ownership reopened = new Ownership(new StateStore(dir));
        assertThat(reopened.rule().serials()).containsExactly("6c1b16ce1c034d1c00000001");
        assertThat(Files.exists(dir.resolve("attached-serials.tmp"))).isFalse();
    }

    @Test
    void aSecondOperationOnAVolumeInFlightIsAborted() {
        VolumeLocks locks = new VolumeLocks();
        try (VolumeLocks.Held held = locks.acquire("v1", "NodeStageVolume")) {
            assertThatThrownBy(() -> locks.acquire("v1", "NodePublishVolume")).isInstanceOfSatisfying(CsiError.class,
                    e -> assertThat(e.code()).isEqualTo(CsiError.Code.ABORTED)).hasMessageContaining("v1");
            locks.acquire("v2", "NodeStageVolume").close();
        }
        locks.acquire("v1", "NodeStageVolume").close();
    }
}
