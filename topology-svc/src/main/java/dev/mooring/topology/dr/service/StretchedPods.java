package dev.mooring.topology.dr.service;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.model.Pod;
import dev.mooring.flasharray.client.model.PodArrayStatus;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.topology.dr.DrConfig;
import dev.mooring.topology.dr.domain.StretchedPod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stretched pods as the arrays report them now ({@code GET /pods} on every registered array; a failover decides
 * on fresh facts, not on the last event). Each member's status comes from that array itself when it answers (an
 * array knows best whether it serves), else from its peer, else {@code unknown}. Arrays in {@code mooring.dr.arrays}
 * belong to this domain; the other members of a pod to the paired domain.
 */
@ApplicationScoped
public class StretchedPods {

    @Inject
    ArrayDirectory arrays;

    @Inject
    DrConfig config;

    @Inject
    PeerDomain peer;

    /** Every stretched pod, by name. */
    public Uni<List<StretchedPod>> read() {
        List<Uni<Reported>> reads = new ArrayList<>();
        for (RegisteredArray array : arrays.registered()) {
            arrays.client(array.name()).ifPresent(client -> reads.add(read(array.name(), client)));
        }
        Uni<List<Reported>> all = reads.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(reads).andFailFast();
        return all.map(this::merge);
    }

    private Uni<Reported> read(String reporter, FlashArrayClient client) {
        return client.pods().listAll()
                .ifNoItem().after(config.callTimeout()).fail()
                .map(pods -> new Reported(reporter, pods.stream().filter(p -> !p.isDestroyed() && p.isStretched()).toList()))
                .onFailure().recoverWithItem(new Reported(reporter, List.of()));
    }

    private List<StretchedPod> merge(List<Reported> reports) {
        String local = config.domain().orElse(null);
        Optional<String> other = peer.name();
        List<String> localArrays = config.arrays().orElse(List.of());
        // pod -> member array -> (reporter -> member as reported)
        Map<String, Map<String, Map<String, PodArrayStatus>>> seen = new TreeMap<>();
        for (Reported report : reports) {
            for (Pod pod : report.pods()) {
                for (PodArrayStatus member : pod.arrays()) {
                    seen.computeIfAbsent(pod.name(), k -> new TreeMap<>())
                            .computeIfAbsent(member.name(), k -> new LinkedHashMap<>()).put(report.reporter(), member);
                }
            }
        }
        List<StretchedPod> pods = new ArrayList<>();
        seen.forEach((pod, members) -> {
            List<StretchedPod.Member> views = new ArrayList<>();
            members.forEach((array, byReporter) -> {
                PodArrayStatus said = byReporter.containsKey(array) ? byReporter.get(array) : byReporter.values().iterator().next();
                String status = byReporter.containsKey(array) ? said.status() : peerView(said.status());
                String domain = localArrays.contains(array) ? local : other.orElse(null);
                views.add(new StretchedPod.Member(array, domain, status, said.mediatorStatus(), said.progress()));
            });
            pods.add(new StretchedPod(pod, views));
        });
        return pods;
    }

    /** What a peer says of an array that did not answer itself: only that it is not serving, if it says so. */
    private static String peerView(String status) {
        return "online".equals(status) ? "unknown" : status;
    }

    private record Reported(String reporter, List<Pod> pods) {
    }
}
