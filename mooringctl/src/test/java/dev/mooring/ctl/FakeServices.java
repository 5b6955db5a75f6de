package dev.mooring.ctl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A real HTTP server on loopback standing in for the services in unit tests: answers per "METHOD path" (the query
 * included), checks the bearer token like the services do, and records what was asked.
 */
final class FakeServices implements AutoCloseable {

    static final String TOKEN = "fake-services-token-Zq81vX3r";

    /** An answer: status, body (JSON unless it starts with plain text). */
    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Function<HttpExchange, Reply>> routes = new ConcurrentHashMap<>();
    final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeServices() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeServices on(String methodAndPath, int status, String body) {
        routes.put(methodAndPath, x -> new Reply(status, body));
        return this;
    }

    FakeServices on(String methodAndPath, Function<HttpExchange, Reply> reply) {
        routes.put(methodAndPath, reply);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        requests.add(key);
        Reply reply;
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply = new Reply(401, "");
        } else {
            Function<HttpExchange, Reply> route = routes.get(key);
            reply = route == null ? new Reply(404, "{\"title\":\"Not Found\",\"status\":404}") : route.apply(exchange);
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", reply.status() >= 400 ? "application/problem+json"
                : "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A context file naming this server for every service, with the token in a file beside it. */
    Path context(Path dir) throws IOException {
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path file = dir.resolve("context.yaml");
        Files.writeString(file, "name: test\nservices:\n  provisioner-svc: " + url() + "\n  attach-svc: " + url()
                + "\n  health-svc: " + url() + "\n  topology-svc: " + url() + "\ntokenFile: token\n");
        return file;
    }

    /** The outcome of one mooringctl run. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(Map<String, String> env, Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MooringCtl.run(args, env, home, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());
        return new Run(code, out.toString(), err.toString());
    }

    static String[] args(String... args) {
        return new ArrayList<>(List.of(args)).toArray(String[]::new);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
