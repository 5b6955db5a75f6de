package dev.mooring.console.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mooring.console.model.NodesOverview;
import dev.mooring.console.model.Reading;
import dev.mooring.console.model.TakeoverInfo;
import dev.mooring.console.source.MooringSource;
import dev.mooring.console.timeline.TakeoverTimeline;
import dev.mooring.console.timeline.TimelineSvg;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The console's HTTP server: GET (and HEAD) of its pages, each read afresh from the services; any other method is
 * 405. Answers carry a content security policy that allows nothing from elsewhere and no script.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
            + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final MooringSource source;
    private final int refreshSeconds;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "console-http");
        t.setDaemon(true);
        return t;
    });

    /** Binds to {@code host:port} (port 0: any free one) and starts serving. */
    public ConsoleServer(MooringSource source, String host, int port, int refreshSeconds, Clock clock) throws IOException {
        this.source = source;
        this.refreshSeconds = refreshSeconds;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "The console is read-only: GET and HEAD only.\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/" -> page(exchange, Html.Page.OVERVIEW, Pages.overview(source.services(), source.arrays(),
                        source.pods(), source.nodes()));
                case "/volumes" -> page(exchange, Html.Page.VOLUMES, Pages.volumes(source.volumes(), source.attachments()));
                case "/nodes" -> page(exchange, Html.Page.NODES, Pages.nodes(source.nodes()));
                case "/takeovers" -> page(exchange, Html.Page.TAKEOVERS, Pages.takeovers(source.nodes()));
                case "/healthz" -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
                default -> {
                    if (path.startsWith("/takeovers/") && path.endsWith(".svg")) {
                        svg(exchange, path.substring("/takeovers/".length(), path.length() - ".svg".length()));
                    } else {
                        send(exchange, 404, "text/plain; charset=utf-8", "No such page. The console's pages: /, /volumes, "
                                + "/nodes, /takeovers.\n");
                    }
                }
            }
        } catch (RuntimeException e) {
            // A bug must not take the server down; the message names no secret (the token is never in one).
            System.err.println("console: " + exchange.getRequestURI().getPath() + " failed: " + e);
            send(exchange, 500, "text/plain; charset=utf-8", "The console failed to render this page; see its log.\n");
        }
    }

    /** The page; {@code ?refresh=N} (0 to 3600 s, 0: never) overrides the default reload for this load. */
    private void page(HttpExchange exchange, Html.Page page, String body) throws IOException {
        send(exchange, 200, "text/html; charset=utf-8", Html.page(page, body, clock.instant(),
                refreshOf(exchange.getRequestURI().getRawQuery())));
    }

    private int refreshOf(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.matches("refresh=\\d{1,4}") && Integer.parseInt(part.substring(8)) <= 3600) {
                    return Integer.parseInt(part.substring(8));
                }
            }
        }
        return refreshSeconds;
    }

    private void svg(HttpExchange exchange, String takeoverId) throws IOException {
        Reading<NodesOverview> nodes = source.nodes();
        if (!nodes.ok()) {
            send(exchange, 502, "text/plain; charset=utf-8", nodes.problem() + "\n");
            return;
        }
        Optional<TakeoverInfo> takeover = nodes.value().nodes().stream().flatMap(n -> n.takeovers().stream())
                .filter(t -> takeoverId.equals(t.id())).findFirst();
        if (takeover.isEmpty()) {
            send(exchange, 404, "text/plain; charset=utf-8", "No takeover " + takeoverId + " is known to health-svc.\n");
            return;
        }
        send(exchange, 200, "image/svg+xml; charset=utf-8", TimelineSvg.standalone(TakeoverTimeline.of(takeover.get())));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
