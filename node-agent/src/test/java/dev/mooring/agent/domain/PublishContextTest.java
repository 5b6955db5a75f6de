package dev.mooring.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** attach-svc's attachmentMetadata, as the kubelet passes it in publish_context. */
class PublishContextTest {

    /** The map AttachmentPaths.metadata writes for a stretched-pod volume on two arrays. */
    static Map<String, String> stretched() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("serial", "6C1B16CE1C034D1C00000007");
        m.put("wwid", "3624a93706c1b16ce1c034d1c00000007");
        m.put("devicePath", "/dev/mapper/3624a93706c1b16ce1c034d1c00000007");
        m.put("byIdPaths", "/dev/disk/by-id/dm-uuid-mpath-3624a93706c1b16ce1c034d1c00000007");
        m.put("arrays", "array-a,array-b");
        m.put("array-a.host", "mooring-node-1");
        m.put("array-a.protocol", "iscsi");
        m.put("array-a.lun", "1");
        m.put("array-a.targetIqn", "iqn.2010-06.com.purestorage:flasharray.6c1b16ce1c034d1c");
        m.put("array-a.portals", "192.0.2.11:3260,192.0.2.12:3260");
        m.put("array-b.host", "mooring-node-1");
        m.put("array-b.protocol", "fc");
        m.put("array-b.lun", "254");
        m.put("array-b.targetWwns", "524a9377004f2c10,524a9377004f2c11");
        return m;
    }

    @Test
    void readsEveryArrayPathAndTheDevice() {
        PublishContext c = PublishContext.parse(stretched());
        assertThat(c.serial()).isEqualTo("6c1b16ce1c034d1c00000007");
        assertThat(c.wwid()).isEqualTo("3624a93706c1b16ce1c034d1c00000007");
        assertThat(c.arrays()).extracting(PublishContext.ArrayPath::array, PublishContext.ArrayPath::protocol,
                PublishContext.ArrayPath::lun).containsExactly(
                org.assertj.core.groups.Tuple.tuple("array-a", Protocol.iscsi, 1),
                org.assertj.core.groups.Tuple.tuple("array-b", Protocol.fc, 254));
        assertThat(c.iscsiTargets()).containsExactly(
                new IscsiTarget("iqn.2010-06.com.purestorage:flasharray.6c1b16ce1c034d1c", "192.0.2.11:3260"),
                new IscsiTarget("iqn.2010-06.com.purestorage:flasharray.6c1b16ce1c034d1c", "192.0.2.12:3260"));
        assertThat(c.expectedPaths()).isEqualTo(4);
        assertThat(c.usesFibreChannel()).isTrue();
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({"serial", "arrays", "array-a.protocol", "array-a.lun", "array-a.targetIqn", "array-a.portals",
            "array-b.targetWwns"})
    void aMissingKeyIsAnInvalidArgumentNamingIt(String key) {
        Map<String, String> m = stretched();
        m.remove(key);
        assertThatThrownBy(() -> PublishContext.parse(m)).isInstanceOfSatisfying(CsiError.class, e -> {
            assertThat(e.code()).isEqualTo(CsiError.Code.INVALID_ARGUMENT);
            assertThat(e.getMessage()).startsWith("publish_context[" + key + "]");
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"serial, xyz, 24 hex digits", "wwid, 3624a93706c1b16ce1c034d1c00000008, but the serial gives",
            "array-a.protocol, nvme, must be iscsi or fc", "array-a.lun, -1, between 0 and 16383",
            "array-a.lun, one, between 0 and 16383", "array-a.portals, 'not a portal', not an address:port"})
    void aMalformedValueIsAnInvalidArgumentSayingWhy(String key, String value, String reason) {
        Map<String, String> m = stretched();
        m.put(key, value);
        assertThatThrownBy(() -> PublishContext.parse(m)).isInstanceOf(CsiError.class)
                .hasMessageContaining("publish_context[" + key + "]").hasMessageContaining(reason);
    }

    @Test
    void anEmptyContextSaysWhereItComesFrom() {
        assertThatThrownBy(() -> PublishContext.parse(Map.of())).hasMessageContaining("attach-svc writes it");
    }
}
