package dev.mooring.provisioner;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.PodConfig;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Two simulated FlashArrays for the Kubernetes ITs: array-a and array-b, linked, pod {@code pod1} stretched
 * over both, and realm {@code tenant1} on both with a stretched pod {@code tenant1::pod-t} in it — the pod
 * the ActiveCluster document forbids. The test writes pure.json into the Secret itself (source=secret); the
 * service trusts the simulator's certificate. {@code SimulatorResource}'s fleet has no realm (realms exist
 * only from the simulator's configuration), hence this one.
 */
public class ClusterArraysResource implements QuarkusTestResourceLifecycleManager {

    private static FlashArraySimulator simulator;
    private static Path certificate;

    public static FlashArraySimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("ClusterArraysResource has not started");
        }
        return simulator;
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (simulator == null) {
                SimulatorConfig config = SimulatorConfig.twoArraysWithStretchedPod()
                        .withArray("array-a", a -> a.withRealms("tenant1"))
                        .withArray("array-b", b -> b.withRealms("tenant1"))
                        .withPods(List.of(
                                new PodConfig("pod1", List.of("array-a", "array-b"), List.of("array-a"), null),
                                new PodConfig("pod-t", List.of("array-a", "array-b"), List.of("array-a"), "tenant1")));
                simulator = FlashArraySimulator.start(config);
                certificate = Files.createTempFile("mooring-cluster-arrays", ".pem");
                Files.writeString(certificate, simulator.certificatePem());
            }
            return Map.of("mooring.arrays.source", "secret", "mooring.arrays.tls.ca-file", certificate.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Shared by the Kubernetes ITs of this JVM; the JVM's exit stops it.
    }
}
