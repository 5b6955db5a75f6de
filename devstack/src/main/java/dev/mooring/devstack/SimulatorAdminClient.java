package dev.mooring.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's admin API ({@code /admin/v1/…}) over HTTP, for system tests and benchmarks; every request carries the
 * admin token ({@link Stack#simulatorAdmin()} gives a client with the stack's).
 */
public final class SimulatorAdminClient {

    private final String baseUrl;
    private final String token;

    public SimulatorAdminClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Cuts the replication link between two arrays: the Mediator race picks the one that keeps serving. */
    public void cutLink(String a, String b) {
        post("/admin/v1/links/" + a + "/" + b + "/cut", "{}");
    }

    /** The Mediator stops answering these arrays: in a link cut, the other array wins the race. */
    public void mediatorUnreachable(String... arrays) {
        post("/admin/v1/mediator/unreachable", "{\"arrays\":" + Http.JSON.valueToTree(arrays) + "}");
    }

    /** The Mediator answers these arrays again. */
    public void mediatorReachable(String... arrays) {
        post("/admin/v1/mediator/reachable", "{\"arrays\":" + Http.JSON.valueToTree(arrays) + "}");
    }

    /** Restores the link: the loser resyncs, then is online again. */
    public void restoreLink(String a, String b) {
        post("/admin/v1/links/" + a + "/" + b + "/restore", "{}");
    }

    /** Sets the bytes written to an array volume (what its space figures report as used). */
    public void setWrittenBytes(String array, String volume, long bytes) {
        send("PUT", "/admin/v1/arrays/" + array + "/volumes/" + encode(volume) + "/written", "{\"bytes\":" + bytes + "}");
    }

    /** Adds a fault (the admin API's JSON, e.g. {@code {"status":503,"rate":0.05}}); returns its id. */
    public String addFault(String json) {
        return post("/admin/v1/faults", json).path("id").asText();
    }

    /** Removes one active fault. */
    public void removeFault(String id) {
        send("DELETE", "/admin/v1/faults/" + encode(id), null);
    }

    /** The ids of the active faults. */
    public List<String> activeFaults() {
        List<String> ids = new ArrayList<>();
        send("GET", "/admin/v1/faults", null).path("items").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    /** Removes every active fault (their firings stay counted). */
    public void clearFaults() {
        send("DELETE", "/admin/v1/faults", null);
    }

    /** How many requests each fault added since the simulator started answered, by fault id. */
    public Map<String, Long> faultsFired() {
        Map<String, Long> fired = new LinkedHashMap<>();
        send("GET", "/admin/v1/faults", null).path("fired").fields()
                .forEachRemaining(e -> fired.put(e.getKey(), e.getValue().asLong()));
        return fired;
    }

    /** Ends every array session now (clients must log in again); returns how many ended. */
    public int expireSessions() {
        return post("/admin/v1/sessions/expire", "{}").path("expired").asInt();
    }

    /** Every connect/disconnect on every array, in order. */
    public List<ConnectionChange> connectionHistory() {
        JsonNode items = send("GET", "/admin/v1/connection-history", null).path("items");
        List<ConnectionChange> changes = new ArrayList<>();
        for (JsonNode e : items) {
            changes.add(new ConnectionChange(e.path("seq").asLong(), e.path("atMillis").asLong(), e.path("array").asText(),
                    e.path("host").asText(null), e.path("volume").asText(), e.path("action").asText()));
        }
        return changes;
    }

    private JsonNode post(String path, String json) {
        return send("POST", path, json);
    }

    private JsonNode send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            Http.Answer answer = Http.send(request.build());
            if (answer.status() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + answer.status() + ": " + answer.body());
            }
            return answer.json();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + method + " " + path, e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
