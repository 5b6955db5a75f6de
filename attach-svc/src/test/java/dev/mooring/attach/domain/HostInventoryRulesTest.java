package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.domain.HostInventoryRules.AttachmentFact;
import dev.mooring.attach.domain.HostInventoryRules.DriveFact;
import dev.mooring.attach.domain.HostInventoryRules.KnownVolume;
import dev.mooring.attach.domain.HostInventoryRules.MooringHost;
import dev.mooring.attach.domain.HostInventoryRules.State;
import dev.mooring.attach.domain.HostInventoryRules.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which hosts and connections on an array are attach-svc's orphans, and which are never touched. */
class HostInventoryRulesTest {

    private static final String A = "array-a";
    private static final MooringHost GONE_HOST = new MooringHost(A, "gone-node", "gone-node");
    private static final MooringHost LIVE_HOST = new MooringHost(A, "live-node", "live-node");
    private static final KnownVolume VOLUME = new KnownVolume("vol-1", "mooring-data-1a2b3c4d", List.of(A));

    /** One object and a state: the verdict and, for an orphan, the reason. */
    record Case(String what, String kind, String host, String volume, State state, Verdict verdict, String reason) {
    }

    static State state(List<AttachmentFact> attachments, List<DriveFact> drives, Set<String> leftAlone,
                       Optional<Set<String>> live) {
        return new State(List.of(GONE_HOST, LIVE_HOST), List.of(VOLUME), attachments, drives, leftAlone, live);
    }

    static State plain() {
        return state(List.of(), List.of(), Set.of(), Optional.of(Set.of("live-node")));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("host of a deleted node, nothing uses it: orphan", "host", "gone-node", null, plain(),
                        Verdict.ORPHAN, "NodeGone"),
                new Case("names compare ignoring case", "host", "GONE-NODE", null, plain(), Verdict.ORPHAN,
                        "NodeGone"),
                new Case("host of a live node: wanted", "host", "live-node", null, plain(), Verdict.WANTED, null),
                new Case("a host Mooring did not make or adopt: never touched", "host", "customer-host", null,
                        plain(), Verdict.WANTED, null),
                new Case("the cluster's Nodes could not be read: nobody counts as gone", "host", "gone-node", null,
                        state(List.of(), List.of(), Set.of(), Optional.empty()), Verdict.IN_FLIGHT, null),
                new Case("deleted node under an unfinished takeover (fenced): its fence's", "host", "gone-node", null,
                        state(List.of(), List.of(), Set.of("gone-node"), Optional.of(Set.of())), Verdict.IN_FLIGHT,
                        null),
                new Case("fenced host of a live node: not an orphan", "host", "live-node", null,
                        state(List.of(), List.of(), Set.of("live-node"), Optional.of(Set.of("live-node"))),
                        Verdict.IN_FLIGHT, null),
                new Case("deleted node with an attachment still attached: wanted", "host", "gone-node", null,
                        state(List.of(new AttachmentFact("vol-1", "gone-node", AttachmentState.Attached)), List.of(),
                                Set.of(), Optional.of(Set.of())), Verdict.WANTED, null),
                new Case("deleted node whose only attachment failed: orphan", "host", "gone-node", null,
                        state(List.of(new AttachmentFact("vol-1", "gone-node", AttachmentState.Failed)), List.of(),
                                Set.of(), Optional.of(Set.of())), Verdict.ORPHAN, "NodeGone"),
                new Case("deleted node that still owns a drive: wanted", "host", "gone-node", null,
                        state(List.of(), List.of(new DriveFact("d0", A, "gone-node", null, DriveState.Pending)),
                                Set.of(), Optional.of(Set.of())), Verdict.WANTED, null),

                new Case("connection an attached attachment wants", "connection", "live-node", VOLUME.arrayVolumeName(),
                        state(List.of(new AttachmentFact("vol-1", "live-node", AttachmentState.Attached)), List.of(),
                                Set.of(), Optional.empty()), Verdict.WANTED, null),
                new Case("connection being made (attaching)", "connection", "live-node", VOLUME.arrayVolumeName(),
                        state(List.of(new AttachmentFact("vol-1", "live-node", AttachmentState.Attaching)), List.of(),
                                Set.of(), Optional.empty()), Verdict.IN_FLIGHT, null),
                new Case("connection of a known volume nobody wants on this node", "connection", "live-node",
                        VOLUME.arrayVolumeName(), state(List.of(new AttachmentFact("vol-1", "other-node",
                                AttachmentState.Attached)), List.of(), Set.of(), Optional.empty()), Verdict.ORPHAN,
                        "NoAttachment"),
                new Case("connection of a volume attach-svc never heard of: reported, never disconnected", "connection",
                        "live-node", "stray-volume", plain(), Verdict.UNPROVEN, "UnknownVolume"),
                new Case("connection to a host Mooring did not make: never touched", "connection", "customer-host",
                        "stray-volume", plain(), Verdict.WANTED, null),
                new Case("connection of an offline or fenced node: its recovery's or its fence's", "connection",
                        "live-node", "stray-volume", state(List.of(), List.of(), Set.of("live-node"),
                                Optional.empty()), Verdict.IN_FLIGHT, null),
                new Case("attached drive on its owner's host", "connection", "live-node", "d0",
                        state(List.of(), List.of(new DriveFact("d0", A, "live-node", "live-node",
                                DriveState.Attached)), Set.of(), Optional.empty()), Verdict.WANTED, null),
                new Case("drive moving to this node", "connection", "live-node", "d0",
                        state(List.of(), List.of(new DriveFact("d0", A, "live-node", null, DriveState.Moving)),
                                Set.of(), Optional.empty()), Verdict.IN_FLIGHT, null),
                new Case("drive owned by another node, still on this host", "connection", "live-node", "d0",
                        state(List.of(), List.of(new DriveFact("d0", A, "gone-node", "gone-node",
                                DriveState.Attached)), Set.of(), Optional.empty()), Verdict.ORPHAN, "NoDriveWantsIt"))
                .map(c -> Arguments.of(c.what(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judges(String what, Case c) {
        HostInventoryRules rules = HostInventoryRules.of(c.state());
        HostInventoryRules.Judgement judgement = c.kind().equals("host") ? rules.host(A, c.host())
                : rules.connection(A, c.host(), c.volume());

        assertThat(judgement.verdict()).as(what).isEqualTo(c.verdict());
        if (c.reason() != null) {
            assertThat(judgement.reason()).as(what).isEqualTo(c.reason());
            assertThat(judgement.message()).isNotBlank();
        }
    }
}
