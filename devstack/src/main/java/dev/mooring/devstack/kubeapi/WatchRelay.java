package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Carries one watch's events from the store to a client — over a WebSocket (fabric8 clients, the services'
 * informers) or as a chunked HTTP stream of JSON lines (kubectl, client-go) — converted to the version asked
 * for and filtered by the watch's label and field selectors with a real server's semantics: an object that
 * stops matching is reported {@code DELETED} to this watcher, one that starts matching {@code ADDED}.
 */
final class WatchRelay extends WebSocketListener {

    private final WebSocketListener store;
    private final ObjectMapper json;
    private final Predicate<JsonNode> selected;
    private final Function<ObjectNode, ObjectNode> served;
    private final BiFunction<ObjectNode, ObjectNode, JsonNode> shown;
    private final long since;
    private final Set<String> present = new HashSet<>();
    private volatile Relayed socket;

    /**
     * @param store    the store's listener for this watch (it sends every change of the collection)
     * @param selected whether a served object is one this watcher asked for
     * @param served   stored form → the form this watcher reads
     * @param shown    (stored, served) → what an event carries: the object, or a one-row Table for {@code kubectl get -w}
     * @param since    the watch's {@code resourceVersion}: objects not changed after it are not announced again (0: all)
     */
    WatchRelay(WebSocketListener store, ObjectMapper json, Predicate<JsonNode> selected,
               Function<ObjectNode, ObjectNode> served, BiFunction<ObjectNode, ObjectNode, JsonNode> shown, long since) {
        this.store = store;
        this.json = json;
        this.selected = selected;
        this.served = served;
        this.shown = shown;
        this.since = since;
    }

    /** Starts relaying to an HTTP stream: each event is handed to {@code line}; {@code end} when the store closes it. */
    void openStream(RecordedRequest request, Consumer<String> line, Runnable end) {
        socket = new Relayed(new WebSocket() {
            @Override
            public RecordedRequest request() {
                return request;
            }

            @Override
            public boolean send(String text) {
                line.accept(text);
                return true;
            }

            @Override
            public boolean send(byte[] bytes) {
                return send(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public boolean close(int code, String reason) {
                end.run();
                return true;
            }
        });
        store.onOpen(socket, null);
    }

    /** The client went away or its time is up: the store stops sending. */
    void close() {
        if (socket != null) {
            store.onClosed(socket, 1000, "watch closed");
        }
    }

    // ------------------------------------------------------------------- as the listener of a client WebSocket

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        socket = new Relayed(webSocket);
        store.onOpen(socket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        store.onMessage(socket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        store.onMessage(socket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        store.onClosing(socket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        store.onClosed(socket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        store.onFailure(socket, t, response);
    }

    /** One event from the store → what this watcher is sent, if anything. */
    Optional<String> relay(String event) {
        try {
            JsonNode parsed = json.readTree(event);
            if (!(parsed.get("object") instanceof ObjectNode stored)) {
                return Optional.of(event);
            }
            String type = parsed.path("type").asText();
            ObjectNode object = served.apply(stored);
            String key = object.path("metadata").path("namespace").asText("") + "/"
                    + object.path("metadata").path("name").asText("");
            boolean wanted = !type.equals("DELETED") && selected.test(object);
            String sent;
            if (wanted && type.equals("ADDED") && version(object) <= since) {
                present.add(key); // the store's opening list: the client read this version already
                return Optional.empty();
            } else if (wanted) {
                sent = present.add(key) ? "ADDED" : "MODIFIED";
            } else if (present.remove(key)) {
                sent = "DELETED";
            } else {
                return Optional.empty();
            }
            ObjectNode out = json.createObjectNode().put("type", sent);
            out.set("object", shown.apply(stored, object));
            return Optional.of(json.writeValueAsString(out));
        } catch (JsonProcessingException e) {
            return Optional.of(event);
        }
    }

    private static long version(JsonNode object) {
        try {
            return Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The store's view of the client's socket: what it sends passes through {@link #relay}. */
    private final class Relayed implements WebSocket {
        private final WebSocket client;

        Relayed(WebSocket client) {
            this.client = client;
        }

        @Override
        public RecordedRequest request() {
            return client.request();
        }

        @Override
        public boolean send(String text) {
            return relay(text).map(client::send).orElse(true);
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
            return client.close(code, reason);
        }
    }
}
