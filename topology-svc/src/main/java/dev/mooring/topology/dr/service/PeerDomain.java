package dev.mooring.topology.dr.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kit.security.PemTrust;
import dev.mooring.topology.dr.DrConfig;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.domain.Pairing;
import dev.mooring.topology.dr.domain.PeerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Talks to the other cluster domain's topology-svc (blocking; callers run it off the event loop): reads its state,
 * tells it to step down or to activate. The pairing is read from its Secret at each call. An answer it cannot give
 * becomes {@link Unreachable} with the URL and the reason, never the token.
 */
@ApplicationScoped
public class PeerDomain {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PairingSecret secret;

    @Inject
    DrConfig config;

    private HttpClient client;
    private Optional<String> clientCa = Optional.empty();

    /** The paired domain's name, if the pairing Secret is usable. */
    public Optional<String> name() {
        return secret.read().pairing().map(Pairing::domain);
    }

    /** The pairing, or {@link Unreachable} saying why there is none. */
    public Pairing pairing() {
        PairingSecret.Result read = secret.read();
        return read.pairing().orElseThrow(() -> new Unreachable(null, read.problem()));
    }

    /** The other domain's state as it answers now. */
    public PeerState state() {
        Pairing pairing = pairing();
        JsonNode body = call(pairing, "GET", "/api/v1/cluster-domains/local", null);
        return new PeerState(body.path("name").asText(), DomainState.parse(body.path("state").asText())
                .orElse(DomainState.inactive), body.path("epoch").asLong(),
                body.hasNonNull("changedAt") ? Instant.parse(body.path("changedAt").asText()) : null,
                body.path("reason").asText(null));
    }

    /** Tells the other domain to step down to inactive for an activation of epoch {@code epoch} here. */
    public PeerState stepDown(long epoch, String reason) {
        Pairing pairing = pairing();
        JsonNode body = call(pairing, "POST", "/api/v1/cluster-domains/" + pairing.domain() + "/step-down",
                Map.of("epoch", epoch, "reason", reason));
        return new PeerState(body.path("name").asText(), DomainState.parse(body.path("state").asText())
                .orElse(DomainState.inactive), body.path("epoch").asLong(), null, body.path("reason").asText(null));
    }

    /** Asks the other domain to activate or deactivate itself (it checks this one's state first). */
    public void change(boolean activate) {
        Pairing pairing = pairing();
        call(pairing, "POST", "/api/v1/cluster-domains/" + pairing.domain() + (activate ? "/activate" : "/deactivate"), null);
    }

    private JsonNode call(Pairing pairing, String method, String path, Object body) {
        URI uri = URI.create(pairing.endpoint() + path);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.callTimeout())
                    .header("Authorization", "Bearer " + pairing.token())
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = client(pairing).send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode answer = response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new Refused(response.statusCode(), answer.path("detail").asText(answer.path("title")
                        .asText("HTTP " + response.statusCode())));
            }
            return answer;
        } catch (IOException e) {
            throw new Unreachable(uri, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(uri, "interrupted");
        }
    }

    /** The client of the pairing's CA, kept until the Secret names another CA (the view and step-down check call often). */
    private synchronized HttpClient client(Pairing pairing) {
        if (client == null || !pairing.caPem().equals(clientCa)) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.callTimeout());
            pairing.caPem().ifPresent(pem -> builder.sslContext(trusting(pem)));
            client = builder.build();
            clientCa = pairing.caPem();
        }
        return client;
    }

    private static SSLContext trusting(String pem) {
        try {
            return PemTrust.trusting(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        } catch (Exception e) {
            throw new Unreachable(null, "the pairing Secret's ca.crt is not a usable PEM certificate");
        }
    }

    /** The other domain could not be asked: no usable pairing, or no answer at its URL. */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(URI uri, String reason) {
            super(uri == null ? reason : "cannot reach the other cluster domain at " + uri + ": " + reason);
        }
    }

    /** The other domain answered with a refusal or an error; its detail is kept. */
    public static final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String detail) {
            super(detail);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
