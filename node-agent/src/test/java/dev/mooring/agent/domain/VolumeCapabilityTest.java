package dev.mooring.agent.domain;

import static dev.mooring.agent.domain.VolumeCapability.AccessType.BLOCK;
import static dev.mooring.agent.domain.VolumeCapability.AccessType.MOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Capability validation and the idempotency and second-publish rules of the CSI spec. */
class VolumeCapabilityTest {

    private static VolumeCapability cap(VolumeCapability.AccessType t, String fs, AccessMode mode) {
        return VolumeCapability.validated(t, fs, List.of(), mode, "volume_capability", "ext4");
    }

    @Test
    void missingPartsAreInvalidArguments() {
        assertThatThrownBy(() -> cap(null, "ext4", AccessMode.SINGLE_NODE_WRITER))
                .hasMessage("volume_capability.access_type is required: block or mount");
        assertThatThrownBy(() -> cap(MOUNT, "ext4", null))
                .hasMessageStartingWith("volume_capability.access_mode is required");
        assertThatThrownBy(() -> cap(MOUNT, "zfs", AccessMode.SINGLE_NODE_WRITER)).isInstanceOfSatisfying(
                CsiError.class, e -> assertThat(e.code()).isEqualTo(CsiError.Code.INVALID_ARGUMENT))
                .hasMessageContaining("'zfs' is not supported; use ext4 or xfs");
        assertThatThrownBy(() -> VolumeCapability.validated(MOUNT, "ext4", List.of("ro", " "),
                AccessMode.SINGLE_NODE_WRITER, "volume_capability", "ext4")).hasMessageContaining("mount_flags");
    }

    @Test
    void anEmptyFsTypeTakesTheDefault() {
        assertThat(cap(MOUNT, "", AccessMode.SINGLE_NODE_WRITER).fsType()).isEqualTo("ext4");
        assertThat(cap(MOUNT, "XFS", AccessMode.SINGLE_NODE_WRITER).fsType()).isEqualTo("xfs");
    }

    @ParameterizedTest
    @EnumSource(value = AccessMode.class, names = {"MULTI_NODE_MULTI_WRITER", "MULTI_NODE_SINGLE_WRITER"})
    void multiNodeWritersNeedRawBlock(AccessMode mode) {
        assertThatThrownBy(() -> cap(MOUNT, "ext4", mode)).isInstanceOfSatisfying(CsiError.class,
                e -> assertThat(e.code()).isEqualTo(CsiError.Code.FAILED_PRECONDITION));
        assertThat(cap(BLOCK, "", mode).block()).isTrue();
    }

    @Test
    void sameAsAndCanServe() {
        VolumeCapability ext4 = cap(MOUNT, "ext4", AccessMode.SINGLE_NODE_WRITER);
        assertThat(ext4.sameAs(cap(MOUNT, "", AccessMode.SINGLE_NODE_WRITER))).isTrue();
        assertThat(ext4.sameAs(cap(MOUNT, "xfs", AccessMode.SINGLE_NODE_WRITER))).isFalse();
        assertThat(ext4.canServe(cap(BLOCK, "", AccessMode.SINGLE_NODE_WRITER))).isFalse();
        assertThat(ext4.toString()).doesNotContain("noatime");
    }

    @Test
    void secondPublishFollowsTheSpecTables() {
        VolumeCapability rwo = cap(MOUNT, "ext4", AccessMode.SINGLE_NODE_WRITER);
        VolumeCapability rwxBlock = cap(BLOCK, "", AccessMode.MULTI_NODE_MULTI_WRITER);
        StagedVolume one = new StagedVolume("v", "/s", "serial", "wwid", "/dev/x", rwo, Map.of(), Map.of())
                .withPublication(new StagedVolume.Publication("/t1", false, rwo));
        assertThat(one.checkPublish("/t1", rwo, false)).isTrue();
        assertThatThrownBy(() -> one.checkPublish("/t1", rwo, true)).isInstanceOfSatisfying(CsiError.class,
                e -> assertThat(e.code()).isEqualTo(CsiError.Code.ALREADY_EXISTS));
        assertThatThrownBy(() -> one.checkPublish("/t2", rwo, false)).isInstanceOfSatisfying(CsiError.class,
                e -> assertThat(e.code()).isEqualTo(CsiError.Code.FAILED_PRECONDITION));
        StagedVolume shared = new StagedVolume("v", "/s", "serial", "wwid", "/dev/x", rwxBlock, Map.of(), Map.of())
                .withPublication(new StagedVolume.Publication("/t1", false, rwxBlock));
        assertThat(shared.checkPublish("/t2", rwxBlock, false)).isFalse();
        assertThat(shared.withoutPublication("/t1").publications()).isEmpty();
    }
}
