package dev.mooring.testing;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code @QuarkusTestResource(SimulatorResource.class)}: two simulated FlashArrays over HTTPS (array-a and
 * array-b, linked, pod {@code pod1} stretched over both), a pure.json naming them, and their certificate
 * as the CA the service trusts — exactly what an operator would configure for real arrays.
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    private static FlashArraySimulator simulator;
    private static Path pureJson;
    private boolean fromSecret;

    /** Init arg {@code source=secret}: the test puts pure.json into the px-pure-secret Secret itself. */
    @Override
    public void init(Map<String, String> initArgs) {
        fromSecret = "secret".equals(initArgs.get("source"));
    }

    /** The running simulator, for arranging faults and asserting on array state. */
    public static FlashArraySimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("SimulatorResource has not started");
        }
        return simulator;
    }

    /** The pure.json file the service reads; tests rewrite it to add, rotate or remove arrays. */
    public static Path pureJsonFile() {
        return pureJson;
    }

    @Override
    public synchronized Map<String, String> start() {
        if (simulator == null) {
            simulator = FlashArraySimulator.start(SimulatorConfig.twoArraysWithStretchedPod());
        }
        try {
            Path dir = Files.createTempDirectory("mooring-sim");
            Path certificate = dir.resolve("arrays-ca.pem");
            Files.writeString(certificate, simulator.certificatePem());
            pureJson = dir.resolve("pure.json");
            Files.writeString(pureJson, pureJsonFor(simulator));
            if (fromSecret) {
                return Map.of("mooring.arrays.source", "secret",
                        "mooring.arrays.tls.ca-file", certificate.toString());
            }
            return Map.of(
                    "mooring.arrays.source", "file",
                    "mooring.arrays.pure-json-file", pureJson.toString(),
                    "mooring.arrays.tls.ca-file", certificate.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pure.json listing every simulated array by endpoint and admin token. */
    public static String pureJsonFor(FlashArraySimulator sim) {
        return sim.arrayNames().stream()
                .map(name -> "{\"MgmtEndPoint\":\"" + sim.endpoint(name) + "\",\"APIToken\":\"" + sim.apiToken(name)
                        + "\",\"Labels\":{\"topology.portworx.io/array\":\"" + name + "\"}}")
                .collect(Collectors.joining(",", "{\"FlashArrays\":[", "]}"));
    }

    @Override
    public synchronized void stop() {
        // Shared by every test class of the JVM, like the broker; the JVM's exit stops it.
    }
}
