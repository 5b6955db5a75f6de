package dev.mooring.devstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.devstack.ChildProcess;
import dev.mooring.devstack.ConnectionChange;
import dev.mooring.devstack.Http;
import dev.mooring.devstack.MooringApi;
import dev.mooring.devstack.SimulatedArrays;
import dev.mooring.devstack.Stack;
import dev.mooring.devstack.TopicSnapshot;
import dev.mooring.events.EventCatalog;
import dev.mooring.events.Topic;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.attachments.VolumeAttached;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.flasharray.client.model.Volume;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * After a chaos run: waits until every request has settled, then compares what was asked with what the provisioner
 * says, what Kafka carried and what the arrays hold, and replays the arrays' connection history instant by instant.
 */
final class ChaosAudit {

    private static final Duration SETTLE = Duration.ofMinutes(5);
    private static final int SHOWN = 10;

    private final Stack stack;
    private final String run;
    private final Replicas provisioner;
    private final Replicas attach;
    private final List<String> details;

    ChaosAudit(Stack stack, String run, Replicas provisioner, Replicas attach, List<String> details) {
        this.stack = stack;
        this.run = run;
        this.provisioner = provisioner;
        this.attach = attach;
        this.details = details;
    }

    ChaosReport audit(int requests, Map<String, String> volumeIds, List<String> attachmentIds, int attachFailed, int detached,
                      Map<String, Long> faults, int sessionExpiries, List<ChaosReport.Kill> kills,
                      List<ChaosReport.Flap> flaps, Duration workload, Duration total) {
        Map<String, List<JsonNode>> rows = settledVolumes();
        List<SpecificRecord> events = TopicSnapshot.read(stack.kafkaClientSettings(), Duration.ofMinutes(2),
                Topic.VOLUMES.topicName(), Topic.ATTACHMENTS.topicName());
        Map<String, Set<String>> outcomeIds = new HashMap<>();
        Map<String, String> outcomeType = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        for (SpecificRecord event : events) {
            eventIds.add(EventCatalog.envelopeOf(event).getEventId().toString());
            String key = outcomeKey(event);
            if (key != null) {
                outcomeIds.computeIfAbsent(key, k -> new HashSet<>()).add(EventCatalog.envelopeOf(event).getEventId().toString());
                outcomeType.put(key, event.getSchema().getName());
            }
        }

        int ready = 0;
        int failed = 0;
        int lost = 0;
        int duplicated = 0;
        Map<String, Set<String>> expectedOnArrays = new HashMap<>();
        for (var requested : volumeIds.entrySet()) {
            String name = requested.getKey();
            List<JsonNode> sameName = rows.getOrDefault(name, List.of());
            Set<String> outcomes = outcomeIds.getOrDefault(requested.getValue(), Set.of());
            if (sameName.size() > 1 || outcomes.size() > 1) {
                duplicated++;
                detail(name + ": " + sameName.size() + " volume(s), " + outcomes.size() + " outcome event(s)");
                continue;
            }
            JsonNode volume = sameName.isEmpty() ? null : sameName.get(0);
            String state = volume == null ? "missing" : volume.path("state").asText();
            String expectedEvent = state.equals("Ready") ? "VolumeProvisioned" : "VolumeProvisioningFailed";
            boolean reasoned = !state.equals("Failed") || !volume.path("failure").path("reason").asText().isBlank();
            if (!Set.of("Ready", "Failed").contains(state) || outcomes.size() != 1 || !reasoned
                    || !expectedEvent.equals(outcomeType.get(requested.getValue()))) {
                lost++;
                detail(name + ": state " + state + ", " + outcomes.size() + " outcome event(s) "
                        + outcomeType.getOrDefault(requested.getValue(), ""));
            } else if (state.equals("Ready")) {
                ready++;
                for (JsonNode array : volume.path("arrays")) {
                    expectedOnArrays.computeIfAbsent(array.asText(), a -> new HashSet<>())
                            .add(volume.path("arrayVolumeName").asText());
                }
            } else {
                failed++;
            }
        }
        lost += requests - volumeIds.size();

        int[] arrays = compareArrays(expectedOnArrays);
        int attachDuplicates = (int) attachmentIds.stream().filter(id -> outcomeIds.getOrDefault(id, Set.of()).size() > 1).count();
        int doubles = doubleConnectionInstants(stack.simulatorAdmin().connectionHistory());
        List<String> notRunning = stack.exitedUnexpectedly().stream().map(ChildProcess::name).toList();
        int failovers = provisioner.failovers() + attach.failovers();
        return new ChaosReport(requests, ready, failed, lost, duplicated, arrays[0], arrays[1], doubles,
                attachmentIds.size() + attachFailed, attachFailed, detached, attachDuplicates,
                events.size() - eventIds.size(), faults, sessionExpiries, kills, flaps, notRunning, failovers, workload,
                total, List.copyOf(details));
    }

    /** The run's volumes by name, once none is Pending or Deleting (or the settle time is up). */
    private Map<String, List<JsonNode>> settledVolumes() {
        Instant giveUp = Instant.now().plus(SETTLE);
        while (true) {
            Map<String, List<JsonNode>> byName = new HashMap<>();
            for (int page = 0; ; page++) {
                Http.Answer answer = provisioner.call("GET", "/api/v1/volumes?size=1000&page=" + page, null);
                if (answer.status() != 200) {
                    throw new IllegalStateException("Listing volumes answered " + answer.status() + ": " + answer.body());
                }
                for (JsonNode volume : answer.json()) {
                    if (volume.path("name").asText().startsWith("chaos-" + run + "-")) {
                        byName.computeIfAbsent(volume.path("name").asText(), n -> new ArrayList<>()).add(volume);
                    }
                }
                if (answer.json().size() < 1000) {
                    break;
                }
            }
            boolean settled = byName.values().stream().flatMap(List::stream)
                    .allMatch(v -> Set.of("Ready", "Failed").contains(v.path("state").asText()));
            if (settled || Instant.now().isAfter(giveUp)) {
                return byName;
            }
            MooringApi.pause(Duration.ofSeconds(2));
        }
    }

    /** The volume or attachment an outcome event settles; null for any other event. */
    private static String outcomeKey(SpecificRecord event) {
        if (event instanceof VolumeProvisioned p) {
            return p.getVolumeId();
        }
        if (event instanceof VolumeProvisioningFailed f) {
            return f.getVolumeId();
        }
        if (event instanceof VolumeAttached a) {
            return a.getAttachmentId();
        }
        return event instanceof AttachFailed f ? f.getAttachmentId() : null;
    }

    /** {orphaned, missing}: the run's live array volumes against the Ready volumes' names on each array. */
    private int[] compareArrays(Map<String, Set<String>> expected) {
        int orphaned = 0;
        int missing = 0;
        try (SimulatedArrays arrays = SimulatedArrays.connect(stack, 4)) {
            for (String array : arrays.names()) {
                Set<String> actual = new TreeSet<>();
                for (Volume volume : arrays.client(array).volumes().listAll().await().atMost(Duration.ofMinutes(1))) {
                    if (volume.name().contains("-chaos-" + run + "-v") && !volume.isDestroyed()) {
                        actual.add(volume.name());
                    }
                }
                Set<String> wanted = expected.getOrDefault(array, Set.of());
                for (String name : actual) {
                    if (!wanted.contains(name)) {
                        orphaned++;
                        detail("orphan on " + array + ": " + name);
                    }
                }
                for (String name : wanted) {
                    if (!actual.contains(name)) {
                        missing++;
                        detail("missing on " + array + ": " + name);
                    }
                }
            }
        }
        return new int[] {orphaned, missing};
    }

    /** Connects that left a volume (or drive) connected to two hosts of one array at once. */
    private int doubleConnectionInstants(List<ConnectionChange> history) {
        Map<String, Set<String>> hosts = new HashMap<>();
        int instants = 0;
        for (ConnectionChange change : history) {
            if (change.host() == null) {
                continue;
            }
            Set<String> connected = hosts.computeIfAbsent(change.array() + "/" + change.volume(), k -> new HashSet<>());
            if (change.isConnect()) {
                connected.add(change.host());
                if (connected.size() > 1) {
                    instants++;
                    detail("at seq " + change.seq() + " " + change.volume() + " on " + change.array() + " is connected to "
                            + connected);
                }
            } else {
                connected.remove(change.host());
            }
        }
        return instants;
    }

    private void detail(String text) {
        if (details.size() < SHOWN * 5) {
            details.add(text);
        }
    }
}
