package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttachmentPathsTest {

    @Test
    void theMetadataIsAFlatStringMapPerArray() {
        AttachmentPaths.Device device = new AttachmentPaths.Device("6c1b16ce1c034d1c00051838",
                "36c1b16ce1c034d1c00051838", "/dev/mapper/3624a93706c1b16ce1c034d1c00051838",
                List.of("/dev/disk/by-id/wwn-0x624a93706c1b16ce1c034d1c00051838"));
        List<AttachmentPaths.Path> paths = List.of(
                new AttachmentPaths.Path("array-a", "node-1", Protocol.iscsi, 1, "iqn.2010-06.com.purestorage:flasharray.1",
                        List.of("192.0.2.10:3260", "192.0.2.11:3260"), List.of()),
                new AttachmentPaths.Path("array-b", "node-1", Protocol.fc, 3, null, List.of(),
                        List.of("52:4A:93:71:00:00:00:01")));

        Map<String, String> m = AttachmentPaths.metadata(paths, device);

        assertThat(m).containsEntry("arrays", "array-a,array-b")
                .containsEntry("devicePath", "/dev/mapper/3624a93706c1b16ce1c034d1c00051838")
                .containsEntry("array-a.protocol", "iscsi")
                .containsEntry("array-a.lun", "1")
                .containsEntry("array-a.portals", "192.0.2.10:3260,192.0.2.11:3260")
                .containsEntry("array-b.protocol", "fc")
                .containsEntry("array-b.lun", "3")
                .containsEntry("array-b.targetWwns", "52:4A:93:71:00:00:00:01")
                .doesNotContainKey("array-b.targetIqn")
                .doesNotContainKey("array-b.portals");
    }
}
