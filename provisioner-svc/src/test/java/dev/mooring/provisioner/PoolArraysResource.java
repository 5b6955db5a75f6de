package dev.mooring.provisioner;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.ArrayConfig;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Four simulated FlashArrays with zone labels in pure.json, as an operator would label them: array-a and array-b
 * serve zone {@code east-1} ({@code topology.portworx.io/zone}), array-c serves {@code west-1} (plain
 * {@code zone}), and array-tiny (100 GiB) serves {@code tiny-1} — too small for a 150 GiB drive. The storage
 * settings: two drives of 150 GiB per storage node, at most two storage nodes per zone, a fast pool check.
 */
public class PoolArraysResource implements QuarkusTestResourceLifecycleManager {

    public static final long GIB = 1024L * 1024 * 1024;
    private static final Map<String, String> LABELS = Map.of(
            "array-a", "\"topology.portworx.io/zone\":\"east-1\"",
            "array-b", "\"topology.portworx.io/zone\":\"east-1\"",
            "array-c", "\"zone\":\"west-1\"",
            "array-tiny", "\"topology.portworx.io/zone\":\"tiny-1\"");

    private static FlashArraySimulator simulator;

    public static FlashArraySimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("PoolArraysResource has not started");
        }
        return simulator;
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (simulator == null) {
                simulator = FlashArraySimulator.start(SimulatorConfig.defaults()
                        .withArrays(List.of(
                                ArrayConfig.named("array-a").withDefaultPorts(),
                                ArrayConfig.named("array-b").withDefaultPorts(),
                                ArrayConfig.named("array-c").withDefaultPorts(),
                                ArrayConfig.named("array-tiny").withCapacity(100 * GIB).withDefaultPorts())));
            }
            Path dir = Files.createTempDirectory("mooring-pools");
            Path certificate = dir.resolve("arrays-ca.pem");
            Files.writeString(certificate, simulator.certificatePem());
            Path pureJson = dir.resolve("pure.json");
            Files.writeString(pureJson, simulator.arrayNames().stream()
                    .map(name -> "{\"MgmtEndPoint\":\"" + simulator.endpoint(name) + "\",\"APIToken\":\""
                            + simulator.apiToken(name) + "\",\"Labels\":{" + LABELS.get(name) + "}}")
                    .collect(Collectors.joining(",", "{\"FlashArrays\":[", "]}")));
            return Map.of(
                    "mooring.arrays.source", "file",
                    "mooring.arrays.pure-json-file", pureJson.toString(),
                    "mooring.arrays.tls.ca-file", certificate.toString(),
                    "mooring.storage.drive-specs", "size=150,size=150",
                    "mooring.storage.max-storage-nodes-per-zone", "2",
                    "mooring.storage.check-interval", "300ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Shared by the pool ITs of this JVM; the JVM's exit stops it.
    }
}
