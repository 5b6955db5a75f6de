package dev.mooring.topology.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kit.security.PemTrust;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Where pool-backed volumes' replicas are, from provisioner-svc ({@code GET /api/v1/volumes/{id}}: {@code replicas[]}
 * with {@code node}, {@code region}, {@code zone}, {@code rack}). Answers are reused for a short while, and the whole
 * lookup is bounded in time because kube-scheduler waits on it: a volume that did not answer in time is simply left
 * out (the extender scores without it), and the outage is logged once, not per pod.
 */
@ApplicationScoped
public class ProvisionerReplicas {

    private static final Logger LOG = Logger.getLogger(ProvisionerReplicas.class);

    @Inject
    SchedulerExtenderConfig config;

    @Inject
    ObjectMapper json;

    private HttpClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicBoolean degraded = new AtomicBoolean();

    private record Cached(List<NodePlace> replicas, Instant readAt) {
    }

    @PostConstruct
    void init() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.provisionerTimeout());
        config.provisionerCaFile().ifPresent(ca ->
                builder.sslContext(PemTrust.of("mooring.scheduler-extender.provisioner-ca-file", ca)));
        http = builder.build();
    }

    /** The replica places of those {@code volumeIds} that are known within the time bound (blocking). */
    public Map<String, List<NodePlace>> of(Collection<String> volumeIds) {
        Map<String, List<NodePlace>> known = new HashMap<>();
        if (config.provisionerUrl().isEmpty() || volumeIds.isEmpty()) {
            return known;
        }
        Instant now = Instant.now();
        Map<String, CompletableFuture<List<NodePlace>>> asked = new HashMap<>();
        for (String id : volumeIds) {
            Cached cached = cache.get(id);
            if (cached != null && cached.readAt().plus(config.replicaCacheTtl()).isAfter(now)) {
                known.put(id, cached.replicas());
            } else {
                asked.put(id, fetch(id));
            }
        }
        if (asked.isEmpty()) {
            return known;
        }
        try {
            CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new))
                    .get(config.provisionerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Some did not answer in time or failed: use those that did.
        }
        List<String> missing = new ArrayList<>();
        asked.forEach((id, answer) -> {
            if (answer.isDone() && !answer.isCompletedExceptionally()) {
                List<NodePlace> replicas = answer.join();
                cache.put(id, new Cached(replicas, now));
                known.put(id, replicas);
            } else {
                answer.cancel(true);
                missing.add(id);
            }
        });
        if (missing.isEmpty()) {
            if (degraded.compareAndSet(true, false)) {
                LOG.info("provisioner-svc answers about replica places again");
            }
        } else if (degraded.compareAndSet(false, true)) {
            LOG.warnf("provisioner-svc did not tell replica places within %s (volume=%s and %d more); scoring"
                    + " pool-backed volumes without them until it does", config.provisionerTimeout(), missing.get(0),
                    missing.size() - 1);
        }
        return known;
    }

    private CompletableFuture<List<NodePlace>> fetch(String id) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(config.provisionerUrl().get().replaceAll("/+$", "")
                            + "/api/v1/volumes/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                    .timeout(config.provisionerTimeout()).header("Accept", "application/json").GET();
            if (config.provisionerTokenFile().isPresent()) {
                // The first of a comma-separated list: the mooring-api Secret's tokens key may hold two during a rotation.
                String token = Files.readString(config.provisionerTokenFile().get()).split(",")[0].trim();
                request.header("Authorization", "Bearer " + token);
            }
        } catch (IOException | IllegalArgumentException e) {
            // The class only: neither the token nor its file's content belongs in a log.
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "cannot prepare the call to provisioner-svc (" + e.getClass().getSimpleName() + ")"));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() == 404) {
                return List.of();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("provisioner-svc answered " + response.statusCode());
            }
            return replicas(response.body());
        });
    }

    private List<NodePlace> replicas(String body) {
        try {
            List<NodePlace> places = new ArrayList<>();
            for (JsonNode r : json.readTree(body).path("replicas")) {
                String node = r.path("node").asText(null);
                if (node != null && !node.isBlank()) {
                    places.add(new NodePlace(node, r.path("region").asText(null), r.path("zone").asText(null),
                            r.path("rack").asText(null)));
                }
            }
            return places;
        } catch (IOException e) {
            throw new IllegalStateException("provisioner-svc's volume view is not JSON", e);
        }
    }
}
