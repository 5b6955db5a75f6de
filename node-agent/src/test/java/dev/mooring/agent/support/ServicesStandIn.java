package dev.mooring.agent.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the REST APIs of attach-svc, health-svc and topology-svc in the agent's module tests: it answers
 * the agent's four calls with the documented shapes (the attachments and drives a test sets, 200/204/202) and keeps
 * every request for assertions. The services themselves need Kafka and PostgreSQL and run together with real
 * agents in devstack's system tests.
 */
public final class ServicesStandIn implements AutoCloseable {

    /** One request the agent made. */
    public record Call(String method, String path, String contentType, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile String attachmentsJson = "[]";
    private volatile String drivesJson = "[]";
    private volatile int failWith;

    public ServicesStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What {@code GET /api/v1/attachments?nodeName=…&state=Attached} answers (a JSON array of AttachmentView). */
    public void attachments(String json) {
        attachmentsJson = json;
    }

    public void drives(String json) {
        drivesJson = json;
    }

    /** Makes attach-svc's reads answer this status (0: answer normally again). */
    public void failReadsWith(int status) {
        failWith = status;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        calls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().toString(),
                ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Authorization"),
                body));
        if ("GET".equals(ex.getRequestMethod()) && failWith != 0) {
            reply(ex, failWith, "{\"title\":\"Service Unavailable\",\"detail\":\"attach-svc is starting\"}");
        } else if ("GET".equals(ex.getRequestMethod()) && path.equals("/api/v1/attachments")) {
            reply(ex, 200, attachmentsJson);
        } else if ("GET".equals(ex.getRequestMethod()) && path.equals("/api/v1/drives")) {
            reply(ex, 200, drivesJson);
        } else if (path.endsWith("/heartbeat")) {
            reply(ex, 204, null);
        } else if (path.endsWith("/initiators")) {
            reply(ex, 200, "{}");
        } else if (path.endsWith("/px-env")) {
            reply(ex, 202, "{}");
        } else {
            reply(ex, 404, "{\"title\":\"Not Found\",\"detail\":\"no such resource " + path + "\"}");
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
