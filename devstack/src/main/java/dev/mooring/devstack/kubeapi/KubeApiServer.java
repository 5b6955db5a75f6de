package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kubernetes API stand-in that devstack runs: an HTTP server answering what kubectl and fabric8 clients
 * ask of a real API server — version, discovery, OpenAPI v3, objects with Tables, selectors, validation and
 * every patch type kubectl sends, and watches both as WebSocket (fabric8) and as a chunked stream (kubectl,
 * client-go) — over fabric8's in-memory CRUD store. What it serves is the table in {@link ApiResources}.
 */
public final class KubeApiServer implements AutoCloseable {

    /** The Kubernetes version it reports (kubectl's version dispatcher picks the matching client). */
    public static final String KUBERNETES_VERSION = "v1.32.0";
    private static final Logger LOG = Logger.getLogger(KubeApiServer.class.getName());
    private static final List<String> WEBSOCKET_PROTOCOLS = List.of("v4.channel.k8s.io", "v3.channel.k8s.io",
            "v2.channel.k8s.io", "v1.channel.k8s.io");

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectStore store = new ObjectStore(json);
    private final ModelShapes shapes = new ModelShapes(json);
    private final ResourceApi resources = new ResourceApi(json, store, shapes, Clock.systemUTC());
    private final ServiceAccountTokens tokens = new ServiceAccountTokens(json, store, Clock.systemUTC());
    private final OpenApiV3 openApi = new OpenApiV3(json, shapes, KUBERNETES_VERSION);
    private final OpenApiV2 openApiV2 = new OpenApiV2(shapes, KUBERNETES_VERSION);
    private final Vertx vertx;
    private final HttpServer server;
    private final Discovery discovery;

    private KubeApiServer(String host, int port) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
        this.discovery = new Discovery(json, host + ":" + port);
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setWebSocketSubProtocols(WEBSOCKET_PROTOCOLS).setHandle100ContinueAutomatically(true))
                .requestHandler(this::handle);
    }

    /** Starts serving on {@code host:port}, with the namespaces every cluster has. */
    public static KubeApiServer start(String host, int port) {
        // The first watch event decodes an object as any fabric8 model, which loads every model class (seconds on a
        // busy machine): done now, before listening, rather than on the event loop of the first watch.
        Serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"warm-up\"}}",
                KubernetesResource.class);
        KubeApiServer api = new KubeApiServer(host, port);
        try {
            api.server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            api.close();
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode ns = api.json.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            ns.putObject("metadata").put("name", namespace);
            api.resources.create(new ResourcePath(ResourcePath.namespaceObject(namespace).resource(), null, null, null),
                    Map.of(), "application/json", bytes(api.json, ns));
        }
        return api;
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing Vert.x", e);
        }
    }

    // ----------------------------------------------------------------------------------------------- requests

    private void handle(HttpServerRequest request) {
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            webSocketWatch(request);
            return;
        }
        Context context = vertx.getOrCreateContext();
        request.body().onSuccess(body -> vertx.executeBlocking(() -> respond(request, body.getBytes(), context), false))
                .onFailure(e -> send(request, Reply.of(ApiException.badRequest("cannot read the body: " + e.getMessage()))));
    }

    /** Answers one request on a worker thread (the store locks, so the event loop never waits for it). */
    private Void respond(HttpServerRequest request, byte[] body, Context context) {
        Reply reply;
        try {
            Map<String, String> query = query(request);
            String path = request.path();
            String method = request.method().name();
            Optional<Reply> token = tokens.handle(method, path, body);
            if (token.isPresent()) {
                Reply answer = token.get();
                context.runOnContext(v -> send(request, answer));
                return null;
            }
            Optional<ResourcePath> resource = ResourcePath.parse(path);
            if (resource.isPresent() && method.equals("GET") && "true".equals(query.get("watch"))) {
                streamWatch(request, resource.get(), query, context);
                return null;
            }
            reply = resource.isPresent() ? onResource(method, resource.get(), query, request, body)
                    : onApi(method, path, request.getHeader("Accept"));
        } catch (ApiException e) {
            reply = Reply.of(e);
        } catch (RuntimeException e) {
            // A stand-in bug, not a refusal: SEVERE, so the system tests' log scan fails on it.
            LOG.log(Level.SEVERE, request.method() + " " + request.uri() + " failed", e);
            reply = Reply.of(new ApiException(500, "InternalError", "Internal error occurred: " + e, null, null));
        }
        Reply answer = reply;
        if (!request.method().name().equals("GET")) {
            // Every write and its answer, so a test can tell what a service changed (bodies stay out: Secrets).
            LOG.info(request.method() + " " + request.path() + " " + answer.code());
        }
        context.runOnContext(v -> send(request, answer));
        return null;
    }

    private Reply onResource(String method, ResourcePath path, Map<String, String> query, HttpServerRequest request,
                             byte[] body) {
        String contentType = request.getHeader("Content-Type");
        return switch (method) {
            case "GET" -> resources.get(path, query, request.getHeader("Accept"));
            case "POST" -> resources.create(path, query, contentType, body);
            case "PUT" -> resources.update(path, query, contentType, body);
            case "PATCH" -> resources.patch(path, query, contentType, body);
            case "DELETE" -> resources.delete(path, query, body);
            default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the "
                    + "requested resource", path.resource(), path.name());
        };
    }

    /** Everything that is not an object: version, health, discovery, OpenAPI. */
    private Reply onApi(String method, String path, String accept) {
        if (!method.equals("GET")) {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                    null, null);
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        switch (trimmed) {
            case "/version" -> {
                return Reply.json(200, version());
            }
            case "/healthz", "/livez", "/readyz" -> {
                return new Reply(200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8), List.of());
            }
            case "/api", "/apis" -> {
                boolean core = trimmed.equals("/api");
                Optional<String> aggregated = Discovery.aggregatedVersionAsked(accept);
                if (aggregated.isPresent()) {
                    Reply reply = Reply.json(200, discovery.aggregated(core, aggregated.get()));
                    return new Reply(200, aggregated.get().equals("v2") ? Discovery.AGGREGATED_V2
                            : Discovery.AGGREGATED_V2BETA1, reply.body(), List.of());
                }
                return Reply.json(200, core ? discovery.coreVersions() : discovery.groupList());
            }
            case "/openapi/v3" -> {
                return new Reply(200, Reply.JSON, openApi.index(), List.of());
            }
            case "/openapi/v2" -> {
                // As kube-openapi answers it: the asked-for media type has an '@' that Go's mime parser refuses.
                return new Reply(200, "application/octet-stream", openApiV2.document(), List.of());
            }
            default -> {
                if (trimmed.startsWith("/openapi/v3/")) {
                    return openApi.document(trimmed.substring("/openapi/v3/".length()))
                            .map(doc -> new Reply(200, Reply.JSON, doc, List.of())).orElseThrow(KubeApiServer::notFound);
                }
                String[] segments = trimmed.substring(1).split("/");
                if (segments.length == 2 && segments[0].equals("api")) {
                    return discovery.resourceList(segments[1]).map(d -> Reply.json(200, d)).orElseThrow(KubeApiServer::notFound);
                }
                if (segments.length == 2 && segments[0].equals("apis")) {
                    return discovery.group(segments[1], true).map(d -> Reply.json(200, d)).orElseThrow(KubeApiServer::notFound);
                }
                if (segments.length == 3 && segments[0].equals("apis")) {
                    return discovery.resourceList(segments[1] + "/" + segments[2]).map(d -> Reply.json(200, d))
                            .orElseThrow(KubeApiServer::notFound);
                }
                throw notFound();
            }
        }
    }

    private ObjectNode version() {
        String[] parts = KUBERNETES_VERSION.substring(1).split("\\.");
        return json.createObjectNode().put("major", parts[0]).put("minor", parts[1]).put("gitVersion", KUBERNETES_VERSION)
                .put("gitCommit", "devstack").put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z")
                .put("goVersion", "n/a (devstack's stand-in, Java)").put("compiler", "n/a").put("platform", "linux/amd64");
    }

    private static ApiException notFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null, null);
    }

    // ------------------------------------------------------------------------------------------------ watches

    /** A watch as kubectl and client-go open it: a chunked HTTP response, one JSON event per line. */
    private void streamWatch(HttpServerRequest request, ResourcePath path, Map<String, String> query, Context context) {
        WatchRelay relay = relay(path, query, request.getHeader("Accept"));
        HttpServerResponse response = request.response();
        context.runOnContext(v -> {
            response.setChunked(true).putHeader("Content-Type", Reply.JSON).setStatusCode(200);
            response.write("");
            response.closeHandler(closed -> relay.close());
        });
        Runnable end = () -> context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
        relay.openStream(recorded(request), line -> context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.write(line + "\n");
            }
        }), end);
        long timeout = Long.parseLong(query.getOrDefault("timeoutSeconds", "1800"));
        vertx.setTimer(TimeUnit.SECONDS.toMillis(Math.max(1, timeout)), id -> {
            relay.close();
            end.run();
        });
    }

    /** A watch as fabric8 clients open it: over a WebSocket. */
    private void webSocketWatch(HttpServerRequest request) {
        WatchRelay relay;
        try {
            Optional<ResourcePath> path = ResourcePath.parse(request.path());
            if (path.isEmpty() || !"true".equals(request.getParam("watch"))) {
                throw ApiException.badRequest("only watches are served over WebSocket");
            }
            relay = relay(path.get(), query(request), null);
        } catch (ApiException e) {
            send(request, Reply.of(e));
            return;
        }
        MockResponse upgrade = new MockResponse().withWebSocketUpgrade(relay);
        RecordedRequest recorded = recorded(request);
        request.toWebSocket().onSuccess(ws -> new ServerWebSocketHandler(recorded, upgrade).handle(ws))
                .onFailure(e -> LOG.log(Level.FINE, "WebSocket upgrade of " + request.uri() + " failed", e));
    }

    /** A watch's relay; {@code accept} asking for a Table ({@code kubectl get -w}) makes each event a one-row Table. */
    private WatchRelay relay(ResourcePath path, Map<String, String> query, String accept) {
        ResourcePath collection = path.collection();
        String fieldSelector = query.get("fieldSelector");
        if (!path.isCollection()) {
            // A watch of one object is a watch of its collection limited to its name.
            fieldSelector = "metadata.name=" + path.name() + (fieldSelector == null ? "" : "," + fieldSelector);
        }
        var selected = Selectors.of(query.get("labelSelector"), fieldSelector, path.resource());
        WebSocketListener opened = store.watch(collection.storePath());
        ApiResource.Conversion conversion = path.resource().conversion();
        Function<ObjectNode, ObjectNode> served = conversion == null ? o -> o : conversion::fromStored;
        Optional<String> table = Tables.versionAsked(accept);
        BiFunction<ObjectNode, ObjectNode, JsonNode> shown = table.isEmpty() ? (stored, object) -> object
                : (stored, object) -> Tables.of(path.resource(), List.of(new Tables.Row(stored, object)), table.get(),
                        query.get("includeObject"), object.path("metadata").path("resourceVersion").asText(""), Instant.now());
        long since;
        try {
            since = Long.parseLong(query.getOrDefault("resourceVersion", "0"));
        } catch (NumberFormatException e) {
            since = 0; // not one of ours: send everything, as for a watch from the start
        }
        return new WatchRelay(opened, json, selected, served, shown, since);
    }

    private static RecordedRequest recorded(HttpServerRequest request) {
        Headers.Builder headers = Headers.builder();
        request.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
        return new RecordedRequest("HTTP/1.1", HttpMethod.GET, request.uri(), headers.build(), new Buffer());
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static Map<String, String> query(HttpServerRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        request.params().forEach(p -> query.putIfAbsent(p.getKey(), p.getValue()));
        return query;
    }

    private static void send(HttpServerRequest request, Reply reply) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.code()).putHeader("Content-Type", reply.contentType());
        for (String warning : reply.warnings()) {
            response.headers().add("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        response.end(io.vertx.core.buffer.Buffer.buffer(reply.body()));
    }

    private static byte[] bytes(ObjectMapper json, JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
