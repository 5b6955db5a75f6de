package dev.mooring.flasharray.client;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A scriptable HTTPS server for transport-level unit tests: api_version, login and logout built in, other
 * routes ("GET volumes") answered by handlers. Records every request.
 */
final class FakeArray implements AutoCloseable {

    static final String TOKEN = "11111111-2222-3333-4444-555555555555";

    record Seen(String method, String path, String query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    final Vertx vertx;
    final SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final Map<String, Consumer<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile List<String> versions = List.of("1.19", "2.0", "2.9", "2.10", "2.26");
    volatile String sessionToken = "session-aaaa-bbbb";
    private final HttpServer server;

    FakeArray(Vertx vertx) throws Exception {
        this.vertx = vertx;
        HttpServerOptions opts = new HttpServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions())
                .setHost("localhost").setPort(0);
        server = vertx.createHttpServer(opts).requestHandler(this::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String endpoint() {
        return "localhost:" + server.actualPort();
    }

    TlsTrust trust() {
        return TlsTrust.pemFile(Path.of(cert.certificatePath()));
    }

    String pem() throws Exception {
        return Files.readString(Path.of(cert.certificatePath()));
    }

    FlashArrayClient.Builder client() {
        return FlashArrayClient.builder().vertx(vertx).endpoint(endpoint()).apiToken(ApiToken.of(TOKEN)).trust(trust())
                .retryPolicy(RetryPolicy.builder().initialBackoff(java.time.Duration.ofMillis(2))
                        .maxBackoff(java.time.Duration.ofMillis(10)).build());
    }

    void on(String methodAndPath, Consumer<HttpServerRequest> handler) {
        routes.put(methodAndPath, handler);
    }

    List<Seen> seen(String method, String pathSuffix) {
        return seen.stream().filter(s -> s.method.equals(method) && s.path.endsWith(pathSuffix)).toList();
    }

    static void json(HttpServerRequest r, int status, Object body) {
        r.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(String.valueOf(body));
    }

    static JsonObject items(Object... items) {
        return new JsonObject().put("items", new JsonArray(List.of(items)));
    }

    static JsonObject error(String message, String context) {
        return new JsonObject().put("errors", new JsonArray().add(new JsonObject().put("message", message).put("context", context)));
    }

    private void handle(HttpServerRequest r) {
        r.body().onSuccess(b -> {
            Map<String, String> headers = new ConcurrentHashMap<>();
            r.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            seen.add(new Seen(r.method().name(), r.path(), r.query(), headers, b.toString()));
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            r.response().endHandler(v -> inFlight.decrementAndGet());
            r.response().closeHandler(v -> { });
            dispatch(r);
        });
    }

    private void dispatch(HttpServerRequest r) {
        String path = r.path();
        if (path.equals("/api/api_version")) {
            json(r, 200, new JsonObject().put("version", new JsonArray(versions)));
            return;
        }
        String rest = path.replaceFirst("^/api/[0-9.]+/", "");
        if (rest.equals("login")) {
            if (TOKEN.equals(r.getHeader("api-token"))) {
                logins.incrementAndGet();
                r.response().putHeader("x-auth-token", sessionToken);
                json(r, 200, items(new JsonObject().put("username", "pureuser")));
            } else {
                json(r, 401, error("Invalid API token.", null));
            }
            return;
        }
        if (rest.equals("logout")) {
            r.response().setStatusCode(200).end();
            return;
        }
        Consumer<HttpServerRequest> h = routes.get(r.method().name() + " " + rest);
        if (h == null) {
            json(r, 404, error("Not found.", null));
            return;
        }
        if (!sessionToken.equals(r.getHeader("x-auth-token"))) {
            json(r, 401, error("Invalid session.", null));
            return;
        }
        h.accept(r);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        cert.delete();
    }
}
