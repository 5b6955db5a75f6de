package dev.mooring.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The provisioner's REST API as a newcomer would call it: bearer token, JSON, {@code /api/v1/volumes}. */
public final class MooringApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String token;

    public MooringApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET /api/v1/arrays}. */
    public JsonNode arrays() {
        return ok(call("GET", "/api/v1/arrays", null), "GET /api/v1/arrays");
    }

    /**
     * Waits until every array of pure.json is {@code Registered}: the provisioner is ready before it has
     * logged in to the arrays, and a volume requested before would fail with no array to place it on.
     */
    public JsonNode awaitArraysRegistered(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode arrays = arrays();
            boolean all = arrays.path("arrays").size() > 0;
            for (JsonNode a : arrays.path("arrays")) {
                all &= "Registered".equals(a.path("status").asText());
            }
            if (all) {
                return arrays;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The provisioner's arrays are not all Registered after " + timeout + ": " + arrays);
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** {@code POST /api/v1/volumes}: the answer (202 with Location when accepted). */
    public Http.Answer requestVolume(String name, String size, Map<String, String> parameters) {
        ObjectNode body = Http.JSON.createObjectNode().put("name", name).put("size", size);
        ObjectNode params = body.putObject("parameters");
        parameters.forEach(params::put);
        return call("POST", "/api/v1/volumes", body.toString());
    }

    /** {@code GET /api/v1/volumes/{id}}. */
    public JsonNode volume(String id) {
        return ok(call("GET", "/api/v1/volumes/" + id, null), "GET volume " + id);
    }

    /** {@code DELETE /api/v1/volumes/{id}}. */
    public Http.Answer deleteVolume(String id) {
        return call("DELETE", "/api/v1/volumes/" + id, null);
    }

    /** Polls the volume until its state is one of {@code states}; fails after {@code timeout}. */
    public JsonNode awaitState(String id, Set<String> states, Duration timeout, Duration poll) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode volume = volume(id);
            if (states.contains(volume.path("state").asText())) {
                return volume;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Volume " + id + " is still " + volume.path("state").asText() + " after "
                        + timeout + " (waiting for " + states + "): " + volume);
            }
            pause(poll);
        }
    }

    public Http.Answer call(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return Http.send(request.build());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + method + " " + path, e);
        }
    }

    private static JsonNode ok(Http.Answer answer, String what) {
        if (answer.status() != 200 || answer.json() == null) {
            throw new IllegalStateException(what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
