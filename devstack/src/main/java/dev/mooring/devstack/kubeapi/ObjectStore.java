package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Where objects live: fabric8's {@link KubernetesCrudDispatcher} (resource versions, uids, creation timestamps,
 * finalizers holding a deletion, watch events), called in-process with store paths. Writes that read first
 * (patches, updates, deletions with preconditions) run {@link #atomically}, so no other write slips in between.
 */
final class ObjectStore {

    /** A listed collection: its items and the resource version it was read at. */
    record Listed(List<ObjectNode> items, String resourceVersion) {
    }

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of());
    private final ObjectMapper json;
    private final ReentrantLock writes = new ReentrantLock();

    ObjectStore(ObjectMapper json) {
        this.json = json;
    }

    /** Runs {@code work} with every other write held back. */
    <T> T atomically(Supplier<T> work) {
        writes.lock();
        try {
            return work.get();
        } finally {
            writes.unlock();
        }
    }

    Optional<ObjectNode> get(String path) {
        MockResponse response = send(HttpMethod.GET, path, null);
        return response.code() == 200 ? Optional.of(object(response)) : Optional.empty();
    }

    Listed list(String collectionPath) {
        MockResponse response = send(HttpMethod.GET, collectionPath, null);
        ObjectNode list = object(response);
        List<ObjectNode> items = new ArrayList<>();
        list.path("items").forEach(item -> items.add((ObjectNode) item));
        return new Listed(items, list.path("metadata").path("resourceVersion").asText(""));
    }

    /** Stores a new object; the answer's HTTP code tells what happened (201, or 409 when the name is taken). */
    Written create(String collectionPath, ObjectNode object) {
        return atomically(() -> written(send(HttpMethod.POST, collectionPath, object)));
    }

    /** Replaces an object (or its status, on a {@code /status} path); 409 when {@code resourceVersion} is stale. */
    Written update(String path, ObjectNode object) {
        return atomically(() -> written(send(HttpMethod.PUT, path, object)));
    }

    /** Deletes an object, or marks it deleted while finalizers remain; false when there was none. */
    boolean delete(String path) {
        return atomically(() -> send(HttpMethod.DELETE, path, null).code() == 200);
    }

    /**
     * Opens a watch of a collection: the listener that sends its events. It is closed under the write lock: fabric8's
     * listener shuts its sender down and waits for it before it leaves the store's set of watchers, and a write in
     * that window would store its object and then fail with 500 (a rejected send) — which a retrying client sees as
     * "already exists".
     */
    WebSocketListener watch(String collectionPath) {
        return new ClosedUnderLock(send(HttpMethod.GET, collectionPath + "?watch=true", null).getWebSocketListener());
    }

    /** The store's listener of one watch, its closing serialized with the writes. */
    private final class ClosedUnderLock extends WebSocketListener {

        private final WebSocketListener store;

        ClosedUnderLock(WebSocketListener store) {
            this.store = store;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            store.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            store.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            store.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            atomically(() -> {
                store.onClosing(webSocket, code, reason);
                return null;
            });
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            atomically(() -> {
                store.onClosed(webSocket, code, reason);
                return null;
            });
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            atomically(() -> {
                store.onFailure(webSocket, t, response);
                return null;
            });
        }
    }

    /** A write's outcome: the HTTP code the store answered and the object it holds now (null on failure or when gone). */
    record Written(int code, ObjectNode object, String message) {
        boolean ok() {
            return code == 200 || code == 201;
        }
    }

    private Written written(MockResponse response) {
        int code = response.code();
        if (code == 200 || code == 201) {
            // No body: the write removed the last finalizer of an object being deleted, so it is gone now.
            return new Written(code, tryParse(response) instanceof ObjectNode object ? object : null, null);
        }
        JsonNode body = tryParse(response);
        return new Written(code, null, body == null ? "" : body.path("message").asText(""));
    }

    private MockResponse send(HttpMethod method, String path, ObjectNode body) {
        Headers headers = body == null ? Headers.builder().build()
                : Headers.builder().add("Content-Type", "application/json").build();
        Buffer buffer = new Buffer();
        if (body != null) {
            try {
                buffer.write(json.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers, buffer));
    }

    private ObjectNode object(MockResponse response) {
        JsonNode node = tryParse(response);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalStateException("The store answered " + response.code() + " without an object");
        }
        return object;
    }

    private JsonNode tryParse(MockResponse response) {
        Buffer body = response.getBody();
        if (body == null || body.size() == 0) {
            return null;
        }
        try {
            return json.readTree(new String(body.getBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }
}
