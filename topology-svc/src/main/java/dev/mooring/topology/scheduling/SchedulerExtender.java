package dev.mooring.topology.scheduling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.service.LocalDomain;
import dev.mooring.topology.repository.NodeRecord;
import dev.mooring.topology.repository.NodeRepository;
import dev.mooring.topology.scheduling.ExtenderDecisions.Candidate;
import dev.mooring.topology.scheduling.ExtenderDecisions.Domain;
import dev.mooring.topology.scheduling.ExtenderDecisions.FilterOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The scheduler extender's two verbs: reads what the rules need — the pod's Mooring volumes (Kubernetes API), the
 * candidates' places ({@link NodeRepository}), the arrays serving FlashArray volumes ({@link ArrayPaths}), replica
 * places ({@link ProvisionerReplicas}) — and applies {@link ExtenderDecisions}.
 */
@ApplicationScoped
public class SchedulerExtender {

    private static final Logger LOG = Logger.getLogger(SchedulerExtender.class);
    private static final List<String> ZONE_LABELS = List.of("px/zone", "topology.kubernetes.io/zone");
    private static final List<String> REGION_LABELS = List.of("px/region", "topology.kubernetes.io/region");

    @Inject
    LocalDomain localDomain;

    @Inject
    PodVolumes podVolumes;

    @Inject
    NodeRepository nodes;

    @Inject
    ArrayPaths arrayPaths;

    @Inject
    ProvisionerReplicas replicas;

    @Inject
    SafeContexts contexts;

    @Inject
    ObjectMapper json;

    /** ExtenderFilterResult for these ExtenderArgs; a failure to read the pod's volumes is the result's error. */
    public Uni<ObjectNode> filter(ExtenderRequest request) {
        Domain domain = domain();
        return volumes(request).chain(volumes -> {
            if (volumes.isEmpty() || domain.state() == DomainState.inactive) {
                return Uni.createFrom().item(decideFilter(request, request.candidates(), domain, volumes, Map.of(),
                        Map.of()));
            }
            return known(request).chain(known -> contexts.blocking(() -> decideFilter(request, known.candidates(),
                    domain, volumes, known.places(), reach(volumes))));
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("pod=%s/%s: cannot filter nodes (%s)", request.podNamespace(), request.podName(),
                    failure.toString());
            ObjectNode result = json.createObjectNode();
            result.put("error", "Mooring's scheduler extender cannot read the pod's volumes now ("
                    + failure.getClass().getSimpleName() + "); try again");
            return result;
        });
    }

    /** HostPriorityList for these ExtenderArgs; anything unknown scores as if absent, a failure scores all 0. */
    public Uni<ArrayNode> prioritize(ExtenderRequest request) {
        Domain domain = domain();
        return volumes(request).chain(volumes -> {
            if (volumes.isEmpty() || domain.state() == DomainState.inactive) {
                return Uni.createFrom().item(hostPriorities(ExtenderDecisions.prioritize(domain,
                        request.candidateNames(), volumes, Map.of(), Map.of(), Map.of())));
            }
            List<String> pooled = volumes.stream().filter(MooringVolume::poolBacked).map(MooringVolume::id).toList();
            boolean anyOnArrays = volumes.stream().anyMatch(v -> !v.poolBacked());
            return known(request).map(Known::places).chain(places -> contexts.blocking(() -> replicas.of(pooled))
                    .chain(found -> replicaPlaces(found, places))
                    .chain(replicaPlaces -> contexts.blocking(() -> hostPriorities(ExtenderDecisions.prioritize(
                            domain, request.candidateNames(), volumes, places, replicaPlaces,
                            anyOnArrays ? reach(volumes) : Map.of())))));
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("pod=%s/%s: cannot score nodes, all score 0 (%s)", request.podNamespace(), request.podName(),
                    failure.toString());
            return hostPriorities(ExtenderDecisions.prioritize(new Domain(Optional.empty(), DomainState.inactive),
                    request.candidateNames(), List.of(), Map.of(), Map.of(), Map.of()));
        });
    }

    private ObjectNode decideFilter(ExtenderRequest request, List<Candidate> candidates, Domain domain,
                                    List<MooringVolume> volumes, Map<String, NodePlace> places,
                                    Map<String, ArrayReach.Zones> reach) {
        FilterOutcome outcome = ExtenderDecisions.filter(domain, candidates, volumes, places, reach);
        outcome.note().ifPresent(note -> LOG.warnf("pod=%s/%s: %s", request.podNamespace(), request.podName(), note));
        if (!outcome.failed().isEmpty()) {
            LOG.debugf("pod=%s/%s: %d of %d nodes fail, e.g. %s", request.podNamespace(), request.podName(),
                    outcome.failed().size(), request.candidates().size(), outcome.failed().values().iterator().next());
        }
        return request.filterResult(json, outcome);
    }

    private Domain domain() {
        return new Domain(localDomain.name(), localDomain.state());
    }

    private Uni<List<MooringVolume>> volumes(ExtenderRequest request) {
        if (request.claims().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return contexts.blocking(() -> podVolumes.of(request.podNamespace(), request.claims()));
    }

    /** What topology-svc knows of the candidates: each one's place, and its labels where the scheduler sent none. */
    private record Known(Map<String, NodePlace> places, List<Candidate> candidates) {
    }

    /**
     * Each candidate's place (topology-svc's own derivation, else the labels the scheduler sent) and labels (those
     * sent; a nodeCacheCapable scheduler sends only names, then those topology-svc last observed).
     */
    private Uni<Known> known(ExtenderRequest request) {
        return Panache.withSession(() -> nodes.<NodeRecord>list("name in ?1 and removed = false",
                request.candidateNames())).map(records -> {
            Map<String, NodeRecord> stored = new HashMap<>();
            records.forEach(r -> stored.put(r.name, r));
            Map<String, NodePlace> places = new HashMap<>();
            List<Candidate> candidates = new ArrayList<>();
            for (Candidate c : request.candidates()) {
                NodeRecord r = stored.get(c.name());
                Map<String, String> labels = request.nodeCacheCapable() && r != null ? r.observed().labels()
                        : c.labels();
                candidates.add(new Candidate(c.name(), labels));
                places.put(c.name(), r != null ? new NodePlace(r.name, r.region, r.zone, r.rack)
                        : new NodePlace(c.name(), first(labels, REGION_LABELS), first(labels, ZONE_LABELS),
                        labels.get("px/rack")));
            }
            return new Known(places, candidates);
        });
    }

    /**
     * The replicas' places as topology-svc derived them (the candidates' already read, the others looked up), else
     * as provisioner-svc reported them.
     */
    private Uni<Map<String, List<NodePlace>>> replicaPlaces(Map<String, List<NodePlace>> found,
                                                            Map<String, NodePlace> candidates) {
        List<String> others = found.values().stream().flatMap(List::stream).map(NodePlace::node)
                .filter(n -> !candidates.containsKey(n)).distinct().toList();
        Uni<List<NodeRecord>> records = others.isEmpty() ? Uni.createFrom().item(List.of())
                : Panache.withSession(() -> nodes.<NodeRecord>list("name in ?1 and removed = false", others));
        return records.map(list -> {
            Map<String, NodePlace> known = new HashMap<>(candidates);
            list.forEach(r -> known.put(r.name, new NodePlace(r.name, r.region, r.zone, r.rack)));
            Map<String, List<NodePlace>> placed = new HashMap<>();
            found.forEach((id, where) -> placed.put(id, where.stream()
                    .map(r -> known.getOrDefault(r.node(), r)).toList()));
            return placed;
        });
    }

    private Map<String, ArrayReach.Zones> reach(List<MooringVolume> volumes) {
        List<ArrayReach.ReachableArray> reachable = arrayPaths.reachable();
        Map<String, ArrayReach.Zones> reach = new HashMap<>();
        volumes.stream().filter(v -> !v.poolBacked()).forEach(v -> reach.put(v.id(), ArrayReach.zones(v, reachable)));
        return reach;
    }

    private ArrayNode hostPriorities(Map<String, Integer> scores) {
        ArrayNode list = json.createArrayNode();
        scores.forEach((host, score) -> list.addObject().put("host", host).put("score", score));
        return list;
    }

    private static String first(Map<String, String> labels, List<String> keys) {
        return keys.stream().map(labels::get).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }
}
