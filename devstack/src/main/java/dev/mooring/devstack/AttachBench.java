package dev.mooring.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.attachments.VolumeAttached;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import dev.mooring.flasharray.client.request.HostCreate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * The attach half of {@code mooring bench}: eight nodes whose agents reported their iSCSI initiators;
 * through attach-svc, a volume's attach is timed from the request until its {@code VolumeAttached} is on Kafka
 * (host made if needed, connected on the array, event published); directly, the same is one connect of the
 * volume to the node's host made beforehand.
 */
final class AttachBench {

    private static final int NODES = 8;
    private static final Duration DEADLINE = Duration.ofMinutes(5);

    private final MooringApi attach;
    private final SimulatedArrays arrays;
    private final String run;
    private final Duration poll;
    private final List<String> restAttachments = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> directHosts = new ConcurrentHashMap<>();

    private final OutcomeWatch outcomes;

    AttachBench(Stack stack, SimulatedArrays arrays, OutcomeWatch outcomes, String run, Duration poll) {
        this.outcomes = outcomes;
        this.attach = new MooringApi(stack.service("attach-svc").baseUrl(), stack.apiToken());
        this.arrays = arrays;
        this.run = run;
        this.poll = poll;
    }

    /** The nodes' agents report their initiators (REST, as node agents do). */
    void registerNodes() {
        IntStream.range(0, NODES).forEach(k -> {
            Http.Answer a = attach.call("POST", "/api/v1/nodes/" + node(k) + "/initiators",
                    "{\"iqns\":[\"" + iqn(k) + "\"]}");
            if (a.status() != 200) {
                throw new IllegalStateException("initiators of " + node(k) + " answered " + a.status() + ": " + a.body());
            }
        });
    }

    void attachOverRest(String volumeId, int i) {
        Http.Answer a = attach.call("POST", "/api/v1/attachments",
                "{\"volumeId\":\"" + volumeId + "\",\"nodeName\":\"" + node(i % NODES) + "\"}");
        if (a.status() != 202 && a.status() != 200) {
            throw new IllegalStateException("attach of " + volumeId + " answered " + a.status() + ": " + a.body());
        }
        String id = a.json().path("id").asText();
        restAttachments.add(id);
        SpecificRecord outcome = outcomes.outcome(id).orTimeout(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).join();
        if (outcome instanceof AttachFailed failed) {
            throw new IllegalStateException("attachment " + id + " failed: " + failed.getFailure().getMessage());
        }
    }

    void detachOverRest(int i) {
        String id = restAttachments.get(i);
        Http.Answer a = attach.call("DELETE", "/api/v1/attachments/" + id, null);
        if (a.status() != 202 && a.status() != 200) {
            throw new IllegalStateException("detach of " + id + " answered " + a.status() + ": " + a.body());
        }
        awaitState(id, Set.of("Detached"));
    }

    void connectDirectly(String[] arrayAndVolume, int i) {
        String host = directHost(arrayAndVolume[0], i % NODES);
        arrays.client(arrayAndVolume[0]).connections().connectHost(host, arrayAndVolume[1])
                .await().atMost(Duration.ofSeconds(30));
    }

    void disconnectDirectly(String[] arrayAndVolume, int i) {
        arrays.client(arrayAndVolume[0]).connections().disconnectHost(directHost(arrayAndVolume[0], i % NODES),
                arrayAndVolume[1]).await().atMost(Duration.ofSeconds(30));
    }

    void removeDirectHosts() {
        for (String key : directHosts.keySet()) {
            String[] parts = key.split("/", 2);
            arrays.client(parts[0]).hosts().delete(parts[1]).await().atMost(Duration.ofSeconds(30));
        }
    }

    List<String> restAttachments() {
        return restAttachments;
    }

    /** The direct path's host for node k on an array, made once (not timed: attach-svc's is made once too). */
    private String directHost(String array, int k) {
        String host = "bench-direct-" + run + "-n" + k;
        // computeIfAbsent: the other workers for this node wait until the host exists.
        directHosts.computeIfAbsent(array + "/" + host, key -> {
            arrays.client(array).hosts().create(HostCreate.named(host).withIqns(iqn(k) + "-direct"))
                    .await().atMost(Duration.ofSeconds(30));
            return Boolean.TRUE;
        });
        return host;
    }

    private JsonNode awaitState(String id, Set<String> states) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            Http.Answer a = attach.call("GET", "/api/v1/attachments/" + id, null);
            if (a.status() == 200 && states.contains(a.json().path("state").asText())) {
                return a.json();
            }
            MooringApi.pause(poll);
        }
        throw new IllegalStateException("attachment " + id + " did not reach " + states + " in " + DEADLINE);
    }

    /** The attachment an attach outcome settles. */
    static String outcome(SpecificRecord event) {
        if (event instanceof VolumeAttached attached) {
            return attached.getAttachmentId();
        }
        return event instanceof AttachFailed failed ? failed.getAttachmentId() : null;
    }

    private String node(int k) {
        return "bench-" + run + "-node-" + k;
    }

    private String iqn(int k) {
        return "iqn.2026-11.dev.mooring.bench:" + run + "-node-" + k;
    }
}
