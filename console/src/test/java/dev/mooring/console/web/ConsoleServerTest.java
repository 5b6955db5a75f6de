package dev.mooring.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mooring.console.source.MooringSource;
import dev.mooring.console.source.RestReader;
import dev.mooring.console.source.ServiceEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTP against two stand-in services that answer what provisioner-svc and health-svc answer, and an
 * attach-svc that is not there.
 */
class ConsoleServerTest {

    private static final String TOKEN = "console-test-token-0123456789abcdef0123456789";

    private static final String ARRAYS = """
            {"arrays":[{"name":"array-a","endpoint":"127.0.0.1:8443","id":"a1","status":"Registered",
            "purityVersion":"6.7.0","capacityBytes":10995116277760,"freeBytes":10000000000000,
            "labels":{},"checkedAt":"2026-12-06T10:00:00Z"}],"refusedEntries":[]}""";
    private static final String NODES = """
            {"leader":{"lease":"health","holder":"health-svc-1","thisInstance":"health-svc-1","leading":true},
             "takeovers":{"paused":false,"reasons":[]},
             "nodes":[{"name":"a-storage","state":"Offline","lastHeartbeatAt":"2026-12-06T10:00:00Z","role":"storageless",
               "region":"region-1","zone":"zone-a","initiatorsKnown":true,
               "currentOutage":{"outageId":"8a7d","since":"2026-12-06T10:00:02Z","lastHeartbeatAt":"2026-12-06T10:00:00Z",
                 "takeoverDeadlineAt":"2026-12-06T10:00:08Z","takeoverWaived":false},
               "takeovers":[{"takeoverId":"t-1","status":"Completed","replacementNode":"a-spare","zone":"zone-a",
                 "lastHeartbeatAt":"2026-12-06T10:00:00Z","deadlineAt":"2026-12-06T10:00:08Z","signals":["lease"],
                 "decidedAt":"2026-12-06T10:00:08.300Z","fencedAt":"2026-12-06T10:00:09Z",
                 "drivesMovedAt":"2026-12-06T10:00:10Z","identityTransferredAt":"2026-12-06T10:00:10.500Z",
                 "completedAt":"2026-12-06T10:00:11Z"}]}]}""";
    private static final String PODS = """
            {"pods":[{"pod":"pod1","arrays":[{"array":"array-a","status":"online","mediatorStatus":"online",
            "changedAt":"2026-12-06T09:00:00Z","observedAt":"2026-12-06T10:00:00Z"}]}]}""";

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer services;
    private ConsoleServer console;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> answers = Map.of("/api/v1/arrays", ARRAYS, "/api/v1/volumes", "[]", "/api/v1/nodes", NODES,
                "/api/v1/pods", PODS, "/q/health", "{\"status\":\"UP\",\"checks\":[]}");
        services.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().startsWith("/q/")) {
                    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                }
                String body = answers.get(exchange.getRequestURI().getPath());
                byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        services.start();
        String base = "http://127.0.0.1:" + services.getAddress().getPort();
        MooringSource source = new MooringSource(new RestReader(TOKEN, null),
                ServiceEndpoint.of("provisioner-svc", "--provisioner-url", base),
                ServiceEndpoint.of("health-svc", "--health-url", base),
                ServiceEndpoint.of("attach-svc", "--attach-url", "http://127.0.0.1:" + closedPort()), List.of());
        console = new ConsoleServer(source, "127.0.0.1", 0, 10,
                Clock.fixed(Instant.parse("2026-12-06T10:01:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        console.close();
        services.stop(0);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPageRendersReadsWithTheTokenAndNeverShowsIt() throws Exception {
        for (String page : List.of("/", "/volumes", "/nodes", "/takeovers")) {
            HttpResponse<String> answer = send("GET", page);
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(answer.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
            assertThat(answer.body()).as(page).doesNotContain(TOKEN);
            assertThat(Accessibility.problems(answer.body())).as(page).isEmpty();
        }
        assertThat(authorizations).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
    }

    @Test
    void aServiceThatIsDownIsNamedAndTheOthersStillShow() throws Exception {
        String overview = send("GET", "/").body();
        assertThat(overview).contains("<strong>attach-svc could not be read.</strong> attach-svc is unreachable at");
        assertThat(overview).contains("<th scope=\"row\">array-a</th>", "<th scope=\"row\">pod1</th>");
        String volumes = send("GET", "/volumes").body();
        assertThat(volumes).contains("<strong>The attachments (attach-svc) could not be read.</strong>", "No volume yet.");
    }

    @Test
    void theTakeoverIsDrawnAndServedAsAnSvgFile() throws Exception {
        String page = send("GET", "/takeovers").body();
        assertThat(page).contains("Takeover of a-storage by a-spare: Completed", "data-phase=\"offline\"",
                "data-phase=\"deadline\"", "<a href=\"/takeovers/t-1.svg\">");
        HttpResponse<String> svg = send("GET", "/takeovers/t-1.svg");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml; charset=utf-8");
        assertThat(svg.body()).startsWith("<?xml").contains("<title id=\"takeover-title\">");
        assertThat(send("GET", "/takeovers/nope.svg").statusCode()).isEqualTo(404);
    }

    @Test
    void itIsReadOnly() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> answer = send(method, "/nodes");
            assertThat(answer.statusCode()).as(method).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
        assertThat(send("HEAD", "/nodes").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/nodes").body()).contains("<meta http-equiv=\"refresh\" content=\"10\">");
        assertThat(send("GET", "/nodes?refresh=0").body()).doesNotContain("http-equiv=\"refresh\"");
        assertThat(send("GET", "/nodes?refresh=3").body()).contains("<meta http-equiv=\"refresh\" content=\"3\">");
        assertThat(send("GET", "/nodes?refresh=99999").body()).contains("content=\"10\"");
        assertThat(send("GET", "/nothing").statusCode()).isEqualTo(404);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
