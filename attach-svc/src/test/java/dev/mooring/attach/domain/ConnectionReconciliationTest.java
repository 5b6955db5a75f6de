package dev.mooring.attach.domain;

import static dev.mooring.attach.domain.ConnectionReconciliation.Action.removed;
import static dev.mooring.attach.domain.ConnectionReconciliation.Action.restored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.domain.ConnectionReconciliation.OwnedHost;
import dev.mooring.attach.domain.ConnectionReconciliation.OwnedVolume;
import dev.mooring.attach.domain.ConnectionReconciliation.Present;
import dev.mooring.attach.domain.ConnectionReconciliation.Repair;
import dev.mooring.attach.domain.ConnectionReconciliation.Snapshot;
import dev.mooring.attach.domain.ConnectionReconciliation.VolumeOnNode;
import dev.mooring.attach.domain.ConnectionReconciliation.Wanted;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Desired vs. actual connections, as a table. One scene: volume {@code v1} (id {@code id1}) on array {@code a}
 * and {@code b}; Mooring's hosts {@code n1}, {@code n2} for nodes n1, n2; {@code foreign} is a host Mooring did
 * not make; {@code other} a volume it does not know.
 */
class ConnectionReconciliationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // case                                   | wanted (array:host:volume) | present (array:host:volume[:group]) | arrays read | in flight (id:node) | repairs (action:array:host)
            "all as wanted                            | a:n1:v1,b:n1:v1 | a:n1:v1,b:n1:v1       | a,b | -      | -",
            "removed by hand on b                     | a:n1:v1,b:n1:v1 | a:n1:v1               | a,b | -      | restored:b:n1",
            "removed by hand, b not readable          | a:n1:v1,b:n1:v1 | a:n1:v1               | a   | -      | -",
            "attach in flight is left to its flow     | a:n1:v1         | -                     | a   | id1:n1 | -",
            "unwanted on Mooring's host               | a:n1:v1         | a:n1:v1,a:n2:v1       | a   | -      | removed:a:n2",
            "detach in flight is left to its flow     | -               | a:n2:v1               | a   | id1:n2 | -",
            "foreign host on Mooring's volume is kept | a:n1:v1         | a:n1:v1,a:foreign:v1  | a   | -      | -",
            "unknown volume on Mooring's host is kept | a:n1:v1         | a:n1:v1,a:n1:other    | a   | -      | -",
            "host-group connection is kept            | -               | a:n1:v1:g1            | a   | -      | -",
            "host-group row does not satisfy wanted   | a:n1:v1         | a:n1:v1:g1            | a   | -      | restored:a:n1",
            "names compare ignoring case              | a:n1:v1         | A:N1:V1               | a   | -      | -",
            "nothing read, nothing done               | a:n1:v1         | a:n2:v1               | -   | -      | -",
            "two attachments on one node, one restore | a:n1:v1,a:n1:v1 | -                     | a   | -      | restored:a:n1",
    })
    void repairs(String scene, String wanted, String present, String read, String inFlight, String expected) {
        Snapshot snapshot = new Snapshot(set(read), wanted(wanted), present(present),
                List.of(new OwnedVolume("a", "v1", "id1"), new OwnedVolume("b", "v1", "id1")),
                List.of(new OwnedHost("a", "n1", "n1"), new OwnedHost("b", "n1", "n1"),
                        new OwnedHost("a", "n2", "n2"), new OwnedHost("b", "n2", "n2")),
                inFlight(inFlight));

        List<Repair> repairs = ConnectionReconciliation.plan(snapshot);

        assertThat(repairs).extracting(r -> r.action() + ":" + r.array() + ":" + r.host())
                .containsExactlyElementsOf(list(expected));
        assertThat(repairs).allSatisfy(r -> {
            assertThat(r.volumeId()).isEqualTo("id1");
            assertThat(r.node()).isIn("n1", "n2");
        });
    }

    @org.junit.jupiter.api.Test
    void aRemovalNamesTheNodeOfTheHostAndARestoreTheNodeOfTheAttachment() {
        Snapshot snapshot = new Snapshot(Set.of("a"), List.of(new Wanted("a", "n1", "v1", "id1", "n1")),
                List.of(new Present("a", "n2", null, "v1", 1)),
                List.of(new OwnedVolume("a", "v1", "id1")),
                List.of(new OwnedHost("a", "n1", "n1"), new OwnedHost("a", "n2", "n2")), Set.of());

        assertThat(ConnectionReconciliation.plan(snapshot)).containsExactly(
                new Repair(restored, "a", "n1", "v1", "id1", "n1"),
                new Repair(removed, "a", "n2", "v1", "id1", "n2"));
    }

    private static List<String> list(String csv) {
        return csv == null ? List.of() : List.of(csv.split(","));
    }

    private static Set<String> set(String csv) {
        return Set.copyOf(list(csv));
    }

    private static List<Wanted> wanted(String csv) {
        List<Wanted> out = new ArrayList<>();
        for (String w : list(csv)) {
            String[] p = w.split(":");
            out.add(new Wanted(p[0], p[1], p[2], "id1", p[1]));
        }
        return out;
    }

    private static List<Present> present(String csv) {
        List<Present> out = new ArrayList<>();
        for (String w : list(csv)) {
            String[] p = w.split(":");
            out.add(new Present(p[0], p[1], p.length > 3 ? p[3] : null, p[2], 1));
        }
        return out;
    }

    private static Set<VolumeOnNode> inFlight(String csv) {
        return Set.copyOf(list(csv).stream().map(s -> new VolumeOnNode(s.split(":")[0], s.split(":")[1])).toList());
    }
}
