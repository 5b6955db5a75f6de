package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each service's ServiceAccount may do exactly what its code does against the Kubernetes API: the reviewed table
 * below, the code's fabric8 calls read from its sources ({@link KubeCalls}), and the Roles and ClusterRoles bound to
 * it in {@code k8s/base} must all say the same. A new Kubernetes call without its RBAC line fails here, and so does
 * a right that no code uses.
 */
class RbacManifestTest {

    /** Where Events on Nodes (cluster-scoped) go: service-kit's and the agent's default, where the kubelet puts them. */
    private static final String NODE_EVENTS = "default";

    /**
     * The reviewed table: who may do what, and which class needs it. The namespace is null for a ClusterRole; a name
     * limits the right to one object (resourceNames).
     */
    private static final List<Grant> TABLE = List.of(
            // ClaimWatcher: informers on StorageClasses and claims in every namespace.
            cluster("provisioner-svc", "storage.k8s.io", "storageclasses", "list", "watch"),
            cluster("provisioner-svc", "", "persistentvolumeclaims", "list", "watch"),
            // ClaimWatcher's informer; PersistentVolumes: create, find (get), grow (edit = get + patch), delete.
            cluster("provisioner-svc", "", "persistentvolumes", "get", "list", "watch", "create", "patch", "delete"),
            // service-kit's KubeEventRelay: Events on claims, in the claims' namespaces (a repeat: get + patch).
            cluster("provisioner-svc", "", "events", "get", "create", "patch"),
            // service-kit's PureJsonSecretSource (mooring.arrays.source=secret): an informer on that one Secret.
            named("provisioner-svc", "kube-system", "", "secrets", "px-pure-secret", "list", "watch"),
            // StorageConfigMapWatcher: an informer on the mooring-storage ConfigMap of its namespace.
            named("provisioner-svc", "mooring", "", "configmaps", "mooring-storage", "list", "watch"),

            // NodeWatcher's informer; ClusterNodes: list and get.
            cluster("attach-svc", "", "nodes", "get", "list", "watch"),
            // VolumeAttachmentWatcher: the PV's volume handle.
            cluster("attach-svc", "", "persistentvolumes", "get"),
            // VolumeAttachmentWatcher's informer; VolumeAttachmentWriter: get, the finalizer (edit), the status (editStatus).
            cluster("attach-svc", "storage.k8s.io", "volumeattachments", "get", "list", "watch", "patch"),
            cluster("attach-svc", "storage.k8s.io", "volumeattachments/status", "patch"),
            // service-kit's KubeEventRelay: fence Events on Nodes (FenceNode, LiftFence, OverrideFence).
            in("attach-svc", NODE_EVENTS, "", "events", "get", "create", "patch"),
            named("attach-svc", "kube-system", "", "secrets", "px-pure-secret", "list", "watch"),
            // service-kit's NodeAgentIdentity: node agents' ServiceAccount tokens reviewed (initiators, attachments).
            cluster("attach-svc", "authentication.k8s.io", "tokenreviews", "create"),

            // NodeReadyWatcher's informer.
            cluster("health-svc", "", "nodes", "list", "watch"),
            // LeaseWatcher's informer on the kubelets' Leases (mooring.health.kubernetes.lease-namespace).
            in("health-svc", "kube-node-lease", "coordination.k8s.io", "leases", "list", "watch"),
            // service-kit's KubeEventRelay: liveness and takeover Events on Nodes (LivenessTransitions,
            // TakeoverCoordinator, TakeoverPauses).
            in("health-svc", NODE_EVENTS, "", "events", "get", "create", "patch"),
            named("health-svc", "kube-system", "", "secrets", "px-pure-secret", "list", "watch"),
            // service-kit's NodeAgentIdentity: node agents' ServiceAccount tokens reviewed (heartbeats).
            cluster("health-svc", "authentication.k8s.io", "tokenreviews", "create"),

            // NodeWatcher's informer; NodeLabeller's merge patch (get + patch).
            cluster("topology-svc", "", "nodes", "get", "list", "watch", "patch"),
            // service-kit's KubeEventRelay: TopologyConflict on Nodes (ReconcileNode).
            in("topology-svc", NODE_EVENTS, "", "events", "get", "create", "patch"),
            // service-kit's NodeAgentIdentity: node agents' ServiceAccount tokens reviewed (px_env).
            cluster("topology-svc", "authentication.k8s.io", "tokenreviews", "create"),
            // DR migrations (ApplicationMigration, MigratedWorkloads, ClusterPairClients): read what is copied in every
            // namespace and scale workloads at failover and step-down (merge patch). The copies are written into the
            // other cluster only (OTHER_CLUSTER_ONLY).
            cluster("topology-svc", "", "namespaces", "get", "list"),
            cluster("topology-svc", "", "persistentvolumeclaims", "get", "list"),
            cluster("topology-svc", "", "persistentvolumes", "get"),
            cluster("topology-svc", "", "configmaps", "get", "list"),
            cluster("topology-svc", "", "secrets", "get", "list"),
            cluster("topology-svc", "", "services", "list"),
            cluster("topology-svc", "apps", "deployments", "get", "list", "patch"),
            cluster("topology-svc", "apps", "statefulsets", "get", "list", "patch"),
            // MigrationResources: the ClusterPairs and MigrationSchedules of mooring.dr.namespace and their status;
            // service-kit's KubeEventRelay: the Events of each run on its MigrationSchedule.
            in("topology-svc", "mooring", "dr.mooring.dev", "clusterpairs", "get", "list"),
            in("topology-svc", "mooring", "dr.mooring.dev", "migrationschedules", "get", "list", "watch"),
            in("topology-svc", "mooring", "dr.mooring.dev", "clusterpairs/status", "update"),
            in("topology-svc", "mooring", "dr.mooring.dev", "migrationschedules/status", "update"),
            in("topology-svc", "mooring", "", "events", "get", "create", "patch"),
            // Disaster recovery and the extender: the stretched pods on the arrays (service-kit's PureJsonSecretSource),
            // and PairingSecret's informer on the pairing Secret of the other cluster domain.
            named("topology-svc", "kube-system", "", "secrets", "px-pure-secret", "list", "watch"),
            named("topology-svc", "mooring", "", "secrets", "mooring-cluster-pair", "list", "watch"),

            // NodeLabels: its own Node's labels.
            cluster("mooring-node-agent", "", "nodes", "get"),
            // KubeDriftReporter: a new Event per drift, never changed.
            in("mooring-node-agent", NODE_EVENTS, "", "events", "create"));

    /** The ServiceAccount of each module that calls the API. */
    private static final Map<String, String> ACCOUNTS = Map.of("provisioner-svc", "provisioner-svc",
            "attach-svc", "attach-svc", "health-svc", "health-svc", "topology-svc", "topology-svc",
            "node-agent", "mooring-node-agent");

    /**
     * service-kit's classes that call the API, and the services that run them: a service whose configuration enables
     * them needs their rights. A kit class missing here fails the test.
     */
    private static final Map<String, Predicate<Properties>> KIT_SWITCHES = Map.of(
            "KubeEventRelay", p -> !"false".equals(p.getProperty("mooring.kube-events.enabled", "true")),
            "PureJsonSecretSource", p -> "secret".equals(p.getProperty("mooring.arrays.source", "none")),
            "NodeAgentIdentity", p -> "true".equals(p.getProperty("mooring.api.node-agents.enabled",
                    p.getProperty("%prod.mooring.api.node-agents.enabled", "false"))));

    private final Path root = Stack.findRoot();
    private final List<HasMetadata> objects = Manifests.load(root.resolve("k8s/base"));

    @Test
    void whatEachModulesCodeCallsIsWhatTheTableGrantsNoMoreNoLess() {
        for (Map.Entry<String, String> module : ACCOUNTS.entrySet()) {
            List<KubeCalls.Call> calls = callsOf(module.getKey());
            Set<String> used = calls.stream().map(KubeCalls.Call::permission).collect(Collectors.toCollection(TreeSet::new));
            Set<String> granted = TABLE.stream().filter(g -> g.account().equals(module.getValue()))
                    .flatMap(Grant::permissions).collect(Collectors.toCollection(TreeSet::new));
            Map<String, Set<String>> byClass = new LinkedHashMap<>();
            calls.forEach(c -> byClass.computeIfAbsent(c.permission(), k -> new TreeSet<>()).add(c.className()));
            assertThat(used).as(module.getKey() + "'s Kubernetes calls (by class: " + byClass + ") against its rows of"
                    + " RbacManifestTest.TABLE").containsExactlyInAnyOrderElementsOf(granted);
        }
    }

    @Test
    void eachServiceAccountIsBoundToExactlyItsRowsOfTheTable() {
        for (String account : ACCOUNTS.values()) {
            Set<String> expected = TABLE.stream().filter(g -> g.account().equals(account)).flatMap(Grant::scoped)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(boundTo(account)).as("what the Roles and ClusterRoles bound to " + account + " grant")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void noRoleGrantsWildcardsNonResourceUrlsOrAnythingToNobody() {
        List<PolicyRule> rules = new ArrayList<>();
        Manifests.all(objects, ClusterRole.class).forEach(r -> {
            assertThat(r.getAggregationRule()).as(r.getMetadata().getName()).isNull();
            rules.addAll(r.getRules());
        });
        Manifests.all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
        assertThat(rules).allSatisfy(rule -> {
            assertThat(Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getResourceNames())
                    .flatMap(List::stream)).as(rule.toString()).noneMatch(v -> v.contains("*"));
            assertThat(rule.getNonResourceURLs()).as(rule.toString()).isEmpty();
        });
        // Every Role is bound, and every binding names one of the accounts above: no right lies around unused.
        Set<String> referenced = Stream.concat(
                        Manifests.all(objects, ClusterRoleBinding.class).stream().map(b -> key(b.getRoleRef(), null)),
                        Manifests.all(objects, RoleBinding.class).stream()
                                .map(b -> key(b.getRoleRef(), b.getMetadata().getNamespace())))
                .collect(Collectors.toSet());
        Manifests.all(objects, ClusterRole.class).forEach(r ->
                assertThat(referenced).as("bindings").contains("ClusterRole " + r.getMetadata().getName()));
        Manifests.all(objects, Role.class).forEach(r -> assertThat(referenced).as("bindings")
                .contains("Role " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()));
        Stream.concat(Manifests.all(objects, ClusterRoleBinding.class).stream().flatMap(b -> b.getSubjects().stream()),
                        Manifests.all(objects, RoleBinding.class).stream().flatMap(b -> b.getSubjects().stream()))
                .forEach(s -> {
                    assertThat(s.getKind()).isEqualTo("ServiceAccount");
                    assertThat(s.getNamespace()).isEqualTo("mooring");
                    assertThat(ACCOUNTS.values()).as("accounts").contains(s.getName());
                });
    }

    @Test
    void eachWorkloadRunsAsItsOwnServiceAccountWithItsTokenOnlyWhereItCallsTheApi() {
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        Manifests.all(objects, Deployment.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        Manifests.all(objects, DaemonSet.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        assertThat(pods.keySet()).containsExactlyInAnyOrder("provisioner-svc", "attach-svc", "health-svc", "topology-svc",
                "mooring-node-agent");
        Set<String> accounts = Manifests.all(objects, ServiceAccount.class).stream().map(a -> a.getMetadata().getName())
                .collect(Collectors.toSet());
        assertThat(accounts).containsExactlyInAnyOrderElementsOf(ACCOUNTS.values());
        pods.forEach((workload, pod) -> {
            // Its own account, named after it, shared with no other workload.
            assertThat(pod.getServiceAccountName()).as(workload).isEqualTo(workload);
            boolean callsTheApi = TABLE.stream().anyMatch(g -> g.account().equals(workload));
            assertThat(pod.getAutomountServiceAccountToken()).as(workload + " automountServiceAccountToken")
                    .isEqualTo(callsTheApi ? null : Boolean.FALSE);
        });
    }

    @Test
    void nodeEventsGoToTheNamespaceTheirRolesAreIn() {
        for (String module : List.of("provisioner-svc", "attach-svc", "health-svc", "topology-svc")) {
            assertThat(Manifests.properties(root, module).getProperty("mooring.kube-events.cluster-scoped-namespace",
                    NODE_EVENTS)).as(module).isEqualTo(NODE_EVENTS);
        }
        assertThat(Manifests.properties(root, "node-agent").getProperty("mooring.agent.events-namespace", NODE_EVENTS))
                .isEqualTo(NODE_EVENTS);
        assertThat(Manifests.read(root.resolve("service-kit/src/main/java/dev/mooring/kit/kube/KubeEventsConfig.java")))
                .contains("@WithDefault(\"" + NODE_EVENTS + "\")\n    String clusterScopedNamespace();");
        assertThat(Manifests.read(root.resolve("k8s/base/node-agent.yaml"))).doesNotContain("MOORING_AGENT_EVENTS_NAMESPACE");
        for (String service : Manifests.SERVICES) {
            assertThat(Manifests.read(root.resolve("k8s/base/" + service + ".yaml")))
                    .doesNotContain("MOORING_KUBE_EVENTS_CLUSTER_SCOPED_NAMESPACE");
        }
    }

    /**
     * Classes that call only the <em>other</em> cluster's API (disaster recovery writes its copies there, through the
     * kubeconfig of the pairing): their rights are the other cluster's {@code mooring-dr-migration-target} ClusterRole
     * ({@code k8s/dr/migration-target-rbac.yaml}), not the service's own.
     */
    private static final Set<String> OTHER_CLUSTER_ONLY = Set.of("Writes");

    @Test
    void theCallsIntoTheOtherClusterAreWhatTheMigrationTargetRoleGrants() {
        List<KubeCalls.Call> calls = KubeCalls.scanTree(root.resolve("topology-svc/src/main/java")).stream()
                .filter(c -> OTHER_CLUSTER_ONLY.contains(c.className())).toList();
        assertThat(calls).as("the classes of OTHER_CLUSTER_ONLY call the API").isNotEmpty();
        Set<String> granted = new TreeSet<>();
        Manifests.load(root.resolve("k8s/dr")).stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("mooring-dr-migration-target"))
                .forEach(r -> r.getRules().forEach(rule -> rule.getApiGroups().forEach(group -> rule.getResources()
                        .forEach(resource -> rule.getVerbs().forEach(verb -> granted.add(
                                (group.isEmpty() ? "" : group + "/") + resource + ":" + verb))))));
        assertThat(granted).as("mooring-dr-migration-target in k8s/dr").containsAll(
                calls.stream().map(KubeCalls.Call::permission).toList());
    }

    /** A module's calls: its own sources, and service-kit's classes its configuration switches on. */
    private List<KubeCalls.Call> callsOf(String module) {
        List<KubeCalls.Call> calls = new ArrayList<>(KubeCalls.scanTree(root.resolve(module).resolve("src/main/java"))
                .stream().filter(c -> !OTHER_CLUSTER_ONLY.contains(c.className())).toList());
        if (module.equals("node-agent")) {
            return calls; // no service-kit
        }
        Properties properties = Manifests.properties(root, module);
        for (KubeCalls.Call kit : KubeCalls.scanTree(root.resolve("service-kit/src/main/java"))) {
            Predicate<Properties> enabled = KIT_SWITCHES.get(kit.className());
            assertThat(enabled).as("service-kit's " + kit.className() + " calls the Kubernetes API (" + kit.permission()
                    + "): add to KIT_SWITCHES which services run it").isNotNull();
            if (enabled.test(properties)) {
                calls.add(kit);
            }
        }
        return calls;
    }

    /** {@code namespace|group|resource|name:verb} of every right the account's bindings give it. */
    private Set<String> boundTo(String account) {
        Set<String> rights = new TreeSet<>();
        for (ClusterRoleBinding binding : Manifests.all(objects, ClusterRoleBinding.class)) {
            if (names(binding.getSubjects(), account)) {
                rules(binding.getRoleRef(), null).forEach(rule -> rights.addAll(expand(rule, null)));
            }
        }
        for (RoleBinding binding : Manifests.all(objects, RoleBinding.class)) {
            if (names(binding.getSubjects(), account)) {
                String namespace = binding.getMetadata().getNamespace();
                rules(binding.getRoleRef(), namespace).forEach(rule -> rights.addAll(expand(rule, namespace)));
            }
        }
        return rights;
    }

    private List<PolicyRule> rules(RoleRef ref, String namespace) {
        if (ref.getKind().equals("ClusterRole")) {
            return Manifests.named(objects, ClusterRole.class, ref.getName()).getRules();
        }
        return Manifests.all(objects, Role.class).stream().filter(r -> r.getMetadata().getName().equals(ref.getName())
                        && r.getMetadata().getNamespace().equals(namespace)).findFirst()
                .orElseThrow(() -> new AssertionError("no Role " + namespace + "/" + ref.getName())).getRules();
    }

    private static Set<String> expand(PolicyRule rule, String namespace) {
        Set<String> rights = new TreeSet<>();
        List<String> names = rule.getResourceNames().isEmpty() ? Arrays.asList((String) null) : rule.getResourceNames();
        for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
                for (String name : names) {
                    for (String verb : rule.getVerbs()) {
                        rights.add(scope(namespace, group, resource, name) + ":" + verb);
                    }
                }
            }
        }
        return rights;
    }

    private static boolean names(List<Subject> subjects, String account) {
        return subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(account)
                && "mooring".equals(s.getNamespace()));
    }

    private static String key(RoleRef ref, String namespace) {
        return ref.getKind().equals("ClusterRole") ? "ClusterRole " + ref.getName() : "Role " + namespace + "/" + ref.getName();
    }

    private static String scope(String namespace, String group, String resource, String name) {
        return (namespace == null ? "(cluster)" : namespace) + "|" + group + "|" + resource + "|" + (name == null ? "" : name);
    }

    /** One row of the table. */
    private record Grant(String account, String namespace, String group, String resource, String name, List<String> verbs) {

        /** As the code scan states it: {@code group/resource:verb}. */
        Stream<String> permissions() {
            return verbs.stream().map(v -> (group.isEmpty() ? "" : group + "/") + resource + ":" + v);
        }

        /** As the bindings state it: {@code namespace|group|resource|name:verb}. */
        Stream<String> scoped() {
            return verbs.stream().map(v -> scope(namespace, group, resource, name) + ":" + v);
        }
    }

    private static Grant cluster(String account, String group, String resource, String... verbs) {
        return new Grant(account, null, group, resource, null, List.of(verbs));
    }

    private static Grant in(String account, String namespace, String group, String resource, String... verbs) {
        return new Grant(account, namespace, group, resource, null, List.of(verbs));
    }

    private static Grant named(String account, String namespace, String group, String resource, String name,
                               String... verbs) {
        return new Grant(account, namespace, group, resource, name, List.of(verbs));
    }
}
