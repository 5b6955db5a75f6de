package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/base/network-policies.yaml}: everything in the namespace is denied unless allowed, and each service may
 * reach exactly its peers — its stores, the API server, the arrays it talks to, DNS — and be reached exactly by its
 * callers. The placeholders are the documented ones, and the README says how to replace each.
 */
class NetworkPolicyManifestTest {

    private static final String DNS = "namespace{kubernetes.io/metadata.name=kube-system}";
    private static final String API_SERVER = "ip 192.0.2.0/24";
    private static final String ARRAYS = "ip 198.51.100.0/24";
    private static final String NODES = "ip 203.0.113.0/24";
    private static final String API_CLIENTS = "namespace{mooring.dev/api-client=true}";
    private static final String PROMETHEUS = "namespace{kubernetes.io/metadata.name=monitoring}";
    /** Where each placeholder is, and what it stands for. */
    private static final Map<String, String> PLACEHOLDERS = Map.of(
            "mooring-kubernetes-api", API_SERVER, "mooring-flasharrays", ARRAYS, "mooring-node-agents", NODES,
            "mooring-api-clients", API_CLIENTS, "mooring-prometheus", PROMETHEUS,
            "mooring-db", "namespace{kubernetes.io/metadata.name=cnpg-system} pods{app.kubernetes.io/name=cloudnative-pg}");

    private final Path root = Stack.findRoot();
    private final List<HasMetadata> objects = Manifests.load(root.resolve("k8s/base"));
    private final List<NetworkPolicy> policies = Manifests.all(objects, NetworkPolicy.class);
    private final String postgres = "pods{cnpg.io/cluster=" + name("Cluster") + "}";
    private final String kafka = "pods{strimzi.io/cluster=" + name("Kafka") + "}";

    @Test
    void everythingInTheNamespaceIsDeniedUnlessAPolicyAllowsIt() {
        assertThat(policies).allSatisfy(p -> assertThat(p.getMetadata().getNamespace()).isEqualTo("mooring"));
        assertThat(policies).filteredOn(p -> p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty())
                .singleElement().satisfies(deny -> {
                    assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                    assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
                    assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                });
        // No rule allows everything: each names its peers.
        assertThat(policies).allSatisfy(p -> {
            p.getSpec().getIngress().forEach(r -> assertThat(r.getFrom()).as(p.getMetadata().getName()).isNotEmpty());
            p.getSpec().getEgress().forEach(r -> assertThat(r.getTo()).as(p.getMetadata().getName()).isNotEmpty());
        });
    }

    @Test
    void eachServiceReachesItsStoresTheApiServerDnsAndItsArraysAndNothingElse() {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String service : Manifests.SERVICES) {
            Set<String> peers = new TreeSet<>(Set.of(DNS + " UDP/53", DNS + " TCP/53", API_SERVER + " TCP/443",
                    API_SERVER + " TCP/6443", postgres + " TCP/5432", kafka + " TCP/9093"));
            if (!"none".equals(Manifests.properties(root, service).getProperty("mooring.arrays.source", "none"))) {
                peers.add(ARRAYS + " TCP/443");
            }
            expected.put(service, peers);
        }
        assertThat(expected.values()).as("every service reads pure.json (topology-svc for its scheduler extender)")
                .allSatisfy(peers -> assertThat(peers).contains(ARRAYS + " TCP/443"));
        Map<String, Set<String>> allowed = new TreeMap<>();
        Manifests.SERVICES.forEach(s -> allowed.put(s, egressOf(podLabels(s))));
        assertThat(allowed).isEqualTo(expected);
    }

    @Test
    void eachServiceIsReachedByItsCallersOnlyOnItsHttpsPort() {
        // The node agents call the services whose URLs they are given; no service calls another.
        Set<String> calledByAgents = Manifests.read(root.resolve("k8s/base/node-agent.yaml")).lines()
                .filter(l -> l.contains("value: https://")).map(l -> URI.create(l.strip().substring("value: ".length())))
                .map(u -> u.getHost().split("\\.")[0]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(calledByAgents).containsExactlyInAnyOrder("attach-svc", "health-svc", "topology-svc");
        for (String service : Manifests.SERVICES) {
            Set<String> expected = new TreeSet<>(Set.of(API_CLIENTS + " TCP/8443", PROMETHEUS + " TCP/8443"));
            if (calledByAgents.contains(service)) {
                expected.add(NODES + " TCP/8443");
            }
            assertThat(ingressOf(podLabels(service))).as(service).isEqualTo(expected);
        }
    }

    @Test
    void postgresAndKafkaReachOneAnotherAndWhatTheirOperatorsNeed() {
        Map<String, String> db = Map.of("cnpg.io/cluster", name("Cluster"));
        Map<String, String> broker = Map.of("strimzi.io/cluster", name("Kafka"));
        String services = "pods{app.kubernetes.io/name in [attach-svc, health-svc, provisioner-svc, topology-svc]}";
        assertThat(ingressOf(db)).containsExactlyInAnyOrder(services + " TCP/5432", postgres + " any",
                PLACEHOLDERS.get("mooring-db") + " TCP/8000", PLACEHOLDERS.get("mooring-db") + " TCP/5432");
        assertThat(egressOf(db)).containsExactlyInAnyOrder(postgres + " any", DNS + " UDP/53", DNS + " TCP/53",
                API_SERVER + " TCP/443", API_SERVER + " TCP/6443");
        // Kafka's ingress is the Strimzi operator's (a NetworkPolicy per listener): none here.
        assertThat(ingressOf(broker)).isEmpty();
        assertThat(egressOf(broker)).containsExactlyInAnyOrder(kafka + " any", DNS + " UDP/53", DNS + " TCP/53",
                API_SERVER + " TCP/443", API_SERVER + " TCP/6443");
    }

    @Test
    void eachPlaceholderIsInOnePolicyAndTheReadmeSaysHowToReplaceIt() {
        String readme = Manifests.read(root.resolve("k8s/README.md"));
        PLACEHOLDERS.forEach((policy, peer) -> {
            assertThat(policies).filteredOn(p -> peersOf(p).contains(peer)).as(peer)
                    .extracting(p -> p.getMetadata().getName()).containsExactly(policy);
            assertThat(readme).as("k8s/README.md on " + policy).contains("`" + policy + "`");
        });
        for (String value : List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "mooring.dev/api-client",
                "monitoring", "cnpg-system")) {
            assertThat(readme).as("k8s/README.md on the placeholder " + value).contains(value);
        }
    }

    @Test
    void theOverlaySampleReplacesTheClusterAddresses() throws Exception {
        Optional<List<HasMetadata>> built = Manifests.kustomize(root, root.resolve("k8s/samples/my-cluster"));
        if (built.isEmpty()) {
            return; // no kubectl on this machine (bash .ci/run installs it)
        }
        List<NetworkPolicy> patched = Manifests.all(built.get(), NetworkPolicy.class);
        assertThat(patched).hasSameSizeAs(policies).flatExtracting(NetworkPolicyManifestTest::peersOf)
                .noneMatch(p -> p.equals(API_SERVER) || p.equals(ARRAYS) || p.equals(NODES) || p.equals(PROMETHEUS));
        assertThat(patched).filteredOn(p -> p.getMetadata().getName().equals("mooring-kubernetes-api")).singleElement()
                .satisfies(p -> assertThat(peersOf(p)).containsExactly("ip 10.0.0.10/32", "ip 10.0.0.11/32", "ip 10.0.0.12/32"));
        // Only the peers changed: the ports stay.
        assertThat(patched).filteredOn(p -> p.getMetadata().getName().equals("mooring-node-agents")).singleElement()
                .satisfies(p -> assertThat(p.getSpec().getIngress().get(0).getPorts()).extracting(pt -> pt.getPort().getIntVal())
                        .containsExactly(8443));
    }

    private static List<String> peersOf(NetworkPolicy policy) {
        List<String> peers = new ArrayList<>();
        policy.getSpec().getIngress().forEach(r -> r.getFrom().forEach(p -> peers.add(peer(p))));
        policy.getSpec().getEgress().forEach(r -> r.getTo().forEach(p -> peers.add(peer(p))));
        return peers;
    }

    /** The peers and ports the policies selecting pods with {@code labels} allow out. */
    private Set<String> egressOf(Map<String, String> labels) {
        Set<String> allowed = new TreeSet<>();
        selecting(labels).forEach(p -> p.getSpec().getEgress().forEach(r -> r.getTo().forEach(peer -> allowed.addAll(
                withPorts(peer(peer), r.getPorts())))));
        return allowed;
    }

    private Set<String> ingressOf(Map<String, String> labels) {
        Set<String> allowed = new TreeSet<>();
        selecting(labels).forEach(p -> p.getSpec().getIngress().forEach(r -> r.getFrom().forEach(peer -> allowed.addAll(
                withPorts(peer(peer), r.getPorts())))));
        return allowed;
    }

    private List<NetworkPolicy> selecting(Map<String, String> labels) {
        return policies.stream().filter(p -> matches(p.getSpec().getPodSelector(), labels)).toList();
    }

    private Map<String, String> podLabels(String service) {
        return Manifests.named(objects, Deployment.class, service).getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The name of the one custom resource of {@code kind} (the CloudNativePG Cluster, the Strimzi Kafka). */
    private String name(String kind) {
        return objects.stream().filter(o -> o instanceof GenericKubernetesResource && o.getKind().equals(kind))
                .map(o -> o.getMetadata().getName()).findFirst().orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static List<String> withPorts(String peer, List<NetworkPolicyPort> ports) {
        if (ports.isEmpty()) {
            return List.of(peer + " any");
        }
        return ports.stream().map(p -> peer + " " + p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
    }

    private static String peer(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return "ip " + peer.getIpBlock().getCidr() + (peer.getIpBlock().getExcept().isEmpty() ? ""
                    : " except " + peer.getIpBlock().getExcept());
        }
        List<String> parts = new ArrayList<>();
        if (peer.getNamespaceSelector() != null) {
            parts.add("namespace" + selector(peer.getNamespaceSelector()));
        }
        if (peer.getPodSelector() != null) {
            parts.add("pods" + selector(peer.getPodSelector()));
        }
        return String.join(" ", parts);
    }

    private static String selector(LabelSelector selector) {
        List<String> terms = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> terms.add(k + "=" + v));
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
            terms.add(r.getKey() + " " + r.getOperator().toLowerCase() + " " + r.getValues().stream().sorted().toList());
        }
        return "{" + terms.stream().sorted().collect(Collectors.joining(",")) + "}";
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        return selector.getMatchExpressions().stream().allMatch(r -> switch (r.getOperator()) {
            case "In" -> r.getValues().contains(labels.get(r.getKey()));
            case "NotIn" -> !r.getValues().contains(labels.get(r.getKey()));
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> throw new IllegalArgumentException(r.getOperator());
        });
    }
}
