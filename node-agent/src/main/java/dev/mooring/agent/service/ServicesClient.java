package dev.mooring.agent.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kit.security.PemTrust;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The services' REST APIs as the agent uses them: attach-svc (this node's attachments and drives, the initiators),
 * health-svc (heartbeats), topology-svc (px_env). The bearer token is sent, never logged or put in a message. Over
 * HTTPS, their certificate must chain to the CA file when one is given, else to the JVM's trust store.
 */
public final class ServicesClient {

    /** A service call that failed: which call, the status (0 when nothing answered), the problem's detail. */
    public static final class CallFailed extends RuntimeException {
        private final int status;

        public CallFailed(String call, int status, String detail) {
            super(call + (status == 0 ? " got no answer" : " answered " + status) + (detail == null || detail.isBlank()
                    ? "" : ": " + detail));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** An attached volume of this node: its id and the flat publish context (attach-svc's metadata map). */
    public record NodeAttachment(String volumeId, Map<String, String> publishContext) {
    }

    /** A cloud drive of this node: its serial and state. */
    public record NodeDrive(String driveName, String serial, String state) {
    }

    private final HttpClient http;
    private final Optional<String> attachUrl;
    private final Optional<String> healthUrl;
    private final Optional<String> topologyUrl;
    private final Supplier<Optional<String>> token;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ServicesClient(Optional<String> attachUrl, Optional<String> healthUrl, Optional<String> topologyUrl,
                          Supplier<Optional<String>> token, Duration timeout, Optional<Path> caFile) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        caFile.map(file -> PemTrust.of("mooring.agent.services.ca-file", file)).ifPresent(builder::sslContext);
        this.http = builder.build();
        this.attachUrl = attachUrl.map(ServicesClient::trim);
        this.healthUrl = healthUrl.map(ServicesClient::trim);
        this.topologyUrl = topologyUrl.map(ServicesClient::trim);
        this.token = token;
        this.timeout = timeout;
    }

    public boolean knowsAttach() {
        return attachUrl.isPresent();
    }

    public boolean knowsHealth() {
        return healthUrl.isPresent();
    }

    public boolean knowsTopology() {
        return topologyUrl.isPresent();
    }

    /** The volumes attach-svc holds as Attached to this node, each with its publish context. */
    public List<NodeAttachment> attachments(String node) {
        JsonNode list = get(attachUrl.orElseThrow() + "/api/v1/attachments?state=Attached&size=1000&nodeName="
                + URLEncoder.encode(node, StandardCharsets.UTF_8), "list the attachments of node " + node);
        List<NodeAttachment> out = new ArrayList<>();
        for (JsonNode a : list) {
            JsonNode device = a.path("device");
            if (device.isMissingNode() || !a.path("paths").isArray()) {
                continue;
            }
            Map<String, String> ctx = new LinkedHashMap<>();
            ctx.put("serial", device.path("serial").asText());
            ctx.put("wwid", device.path("wwid").asText());
            if (device.hasNonNull("mapperPath")) {
                ctx.put("devicePath", device.path("mapperPath").asText());
            }
            List<String> arrays = new ArrayList<>();
            for (JsonNode p : a.path("paths")) {
                String array = p.path("array").asText();
                arrays.add(array);
                ctx.put(array + ".protocol", p.path("protocol").asText());
                ctx.put(array + ".lun", p.path("lun").asText());
                if (p.hasNonNull("targetIqn")) {
                    ctx.put(array + ".targetIqn", p.path("targetIqn").asText());
                }
                ctx.put(array + ".portals", join(p.path("portals")));
                ctx.put(array + ".targetWwns", join(p.path("targetWwns")));
            }
            ctx.put("arrays", String.join(",", arrays));
            out.add(new NodeAttachment(a.path("volumeId").asText(), ctx));
        }
        return out;
    }

    /** The cloud drives attach-svc holds for this node. */
    public List<NodeDrive> drives(String node) {
        JsonNode list = get(attachUrl.orElseThrow() + "/api/v1/drives?nodeName="
                + URLEncoder.encode(node, StandardCharsets.UTF_8), "list the drives of node " + node);
        List<NodeDrive> out = new ArrayList<>();
        for (JsonNode d : list) {
            if (d.hasNonNull("serial")) {
                out.add(new NodeDrive(d.path("driveName").asText(), d.path("serial").asText(),
                        d.path("state").asText()));
            }
        }
        return out;
    }

    /** {@code POST /api/v1/nodes/{name}/initiators} on attach-svc. */
    public void reportInitiators(String node, List<String> iqns, List<String> wwns) {
        post(attachUrl.orElseThrow() + "/api/v1/nodes/" + node + "/initiators", "application/json",
                toJson(orderedBody(iqns, wwns)), "report the initiators of node " + node);
    }

    /** {@code POST /api/v1/nodes/{name}/heartbeat} on health-svc. */
    public void heartbeat(String node) {
        post(healthUrl.orElseThrow() + "/api/v1/nodes/" + node + "/heartbeat", "application/json", "",
                "send the heartbeat of node " + node);
    }

    /** {@code POST /api/v1/nodes/{name}/px-env} on topology-svc, the file's text as it is. */
    public void reportPxEnv(String node, String text) {
        post(topologyUrl.orElseThrow() + "/api/v1/nodes/" + node + "/px-env", "text/plain", text,
                "report the px_env of node " + node);
    }

    private JsonNode get(String url, String call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                .header("Accept", "application/json");
        HttpResponse<String> r = send(auth(b).build(), call);
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new CallFailed(call, r.statusCode(), "the answer is not JSON");
        }
    }

    private void post(String url, String contentType, String body, String call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        send(auth(b).build(), call);
    }

    private HttpRequest.Builder auth(HttpRequest.Builder b) {
        token.get().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private HttpResponse<String> send(HttpRequest request, String call) {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CallFailed(call, 0, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed(call, 0, "interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            throw new CallFailed(call, r.statusCode(), detail(r.body()));
        }
        return r;
    }

    private String detail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            return problem.path("detail").asText(problem.path("title").asText(""));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Map<String, List<String>> orderedBody(List<String> iqns, List<String> wwns) {
        Map<String, List<String>> body = new LinkedHashMap<>();
        body.put("iqns", iqns);
        body.put("wwns", wwns);
        return body;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(",", values);
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
