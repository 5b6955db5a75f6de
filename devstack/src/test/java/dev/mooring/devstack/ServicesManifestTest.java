package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The four services' Deployments as k8s/base runs them: never root, nothing writable but {@code /tmp}, no privilege,
 * the default seccomp filter; HTTPS only, with the certificate cert-manager issues for their names; two instances of
 * which a drain takes one at a time.
 */
class ServicesManifestTest {

    /** The mounted mooring-tls Secret. */
    private static final String TLS_DIR = "/etc/mooring/tls";
    private static final int HTTPS = 8443;

    private final Path root = Stack.findRoot();
    private final List<HasMetadata> objects = Manifests.load(root.resolve("k8s/base"));

    @Test
    void eachServiceRunsAsTheImagesUserWithoutPrivilegesOnAReadOnlyRootFileSystem() {
        int user = BaseImage.Kind.SERVICE.user();
        assertThat(user).isNotZero();
        PodSecurityContext pod = new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser((long) user)
                .withRunAsGroup((long) user).withFsGroup((long) user).withNewSeccompProfile().withType("RuntimeDefault")
                .endSeccompProfile().build();
        SecurityContext container = new SecurityContextBuilder().withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true).withCapabilities(new CapabilitiesBuilder().withDrop("ALL").build()).build();
        for (String service : Manifests.SERVICES) {
            PodSpec spec = pod(service);
            assertThat(spec.getSecurityContext()).as(service + " pod").isEqualTo(pod);
            assertThat(spec.getContainers()).as(service).singleElement().satisfies(c -> {
                assertThat(c.getSecurityContext()).as(service + " container").isEqualTo(container);
                // Writable: only the temporary directory (the JVM's and Vert.x's files); the certificate and the Kafka
                // cluster's CA are read-only.
                assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath, VolumeMount::getReadOnly)
                        .containsExactlyInAnyOrder(tuple("/tmp", null),
                                tuple(TLS_DIR, true), tuple("/etc/mooring/kafka-ca", true));
            });
            assertThat(volume(spec, "/tmp").getEmptyDir()).as(service + " /tmp").isNotNull();
            assertThat(volume(spec, TLS_DIR).getSecret().getSecretName()).isEqualTo(certificateSecret());
            assertThat(volume(spec, TLS_DIR).getSecret().getDefaultMode()).as("0440").isEqualTo(0440);
            assertThat(spec.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getHostPID()).isNotEqualTo(Boolean.TRUE);
        }
    }

    @Test
    void eachServiceServesHttpsOnlyFromTheMountedCertificateAndIsProbedOverIt() {
        for (String service : Manifests.SERVICES) {
            Container c = pod(service).getContainers().get(0);
            assertThat(env(c, "QUARKUS_HTTP_SSL_CERTIFICATE_FILES")).contains(TLS_DIR + "/tls.crt");
            assertThat(env(c, "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES")).contains(TLS_DIR + "/tls.key");
            assertThat(env(c, "QUARKUS_HTTP_INSECURE_REQUESTS")).contains("disabled");
            assertThat(env(c, "QUARKUS_HTTP_SSL_PORT")).contains(String.valueOf(HTTPS));
            // Quarkus reads renewed files no more often than every 30 s.
            assertThat(env(c, "QUARKUS_HTTP_SSL_CERTIFICATE_RELOAD_PERIOD")).isPresent();
            assertThat(c.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("https");
                assertThat(p.getContainerPort()).isEqualTo(HTTPS);
            });
            for (HTTPGetAction probe : List.of(c.getReadinessProbe().getHttpGet(), c.getLivenessProbe().getHttpGet())) {
                assertThat(probe.getScheme()).as(service + " probe").isEqualTo("HTTPS");
                assertThat(probe.getPort().getStrVal()).isEqualTo("https");
            }
            Service exposed = Manifests.named(objects, Service.class, service);
            assertThat(exposed.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getPort()).isEqualTo(HTTPS);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
            });
        }
    }

    @Test
    void theCertificateSampleIssuesTheMountedSecretForEveryNameOfEachServiceAndTheAgentsUseOneOfThem() {
        @SuppressWarnings("unchecked")
        List<String> dnsNames = (List<String>) certificateSpec().get("dnsNames");
        for (String service : Manifests.SERVICES) {
            assertThat(dnsNames).contains(service, service + ".mooring", service + ".mooring.svc",
                    service + ".mooring.svc.cluster.local");
        }
        assertThat(dnsNames).hasSize(4 * Manifests.SERVICES.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) certificateSpec().get("privateKey");
        assertThat(key).containsEntry("encoding", "PKCS8");
        String agent = Manifests.read(root.resolve("k8s/base/node-agent.yaml"));
        agent.lines().filter(l -> l.contains("value: https://")).map(l -> URI.create(l.strip().substring("value: ".length())))
                .forEach(url -> {
                    assertThat(dnsNames).as("the certificate's names").contains(url.getHost());
                    assertThat(url.getPort()).isEqualTo(HTTPS);
                });
    }

    @Test
    void eachServiceRunsTwiceAndADrainTakesOneAtATime() {
        for (String service : Manifests.SERVICES) {
            Deployment deployment = Manifests.named(objects, Deployment.class, service);
            assertThat(deployment.getSpec().getReplicas()).as(service + " replicas").isEqualTo(2);
            PodDisruptionBudget budget = Manifests.named(objects, PodDisruptionBudget.class, service);
            assertThat(budget.getMetadata().getNamespace()).isEqualTo("mooring");
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as(service + " maxUnavailable").isEqualTo(1);
            assertThat(budget.getSpec().getMinAvailable()).isNull();
            assertThat(budget.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector());
        }
        assertThat(Manifests.all(objects, PodDisruptionBudget.class)).hasSize(Manifests.SERVICES.size());
    }

    private PodSpec pod(String service) {
        return Manifests.named(objects, Deployment.class, service).getSpec().getTemplate().getSpec();
    }

    private static Volume volume(PodSpec spec, String mountPath) {
        String name = spec.getContainers().get(0).getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath))
                .findFirst().orElseThrow().getName();
        return spec.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
    }

    private String certificateSecret() {
        return (String) certificateSpec().get("secretName");
    }

    /** The spec of the sample's Certificate that the services mount (the one that is not a CA). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> certificateSpec() {
        return Manifests.load(root.resolve("k8s/samples/mooring-tls-certificate.yaml")).stream()
                .filter(o -> o.getKind().equals("Certificate") && o.getMetadata().getName().equals("mooring-tls"))
                .map(o -> (Map<String, Object>) ((GenericKubernetesResource) o).getAdditionalProperties().get("spec"))
                .findFirst().orElseThrow(() -> new AssertionError("no Certificate mooring-tls in the sample"));
    }
}
