package dev.mooring.console.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.console.model.Reading;
import dev.mooring.console.model.ServiceStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * GETs JSON from the services with the API token as a bearer token. Every failure becomes a {@link Reading} that names
 * the service, the address and the reason — never the token, which appears nowhere but in the request header.
 */
public final class RestReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String token;

    /** {@code tls}: the trust for https endpoints (null: the JDK's default trust). */
    public RestReader(String token, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.token = token;
    }

    /** {@code path} of the service's API, as JSON. */
    public Reading<JsonNode> get(ServiceEndpoint endpoint, String path) {
        URI uri = URI.create(endpoint.baseUrl() + path);
        try {
            HttpResponse<String> response = http.send(request(uri).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Reading.failed(endpoint.service() + " answered " + response.statusCode() + " to GET " + uri
                        + (response.statusCode() == 401 || response.statusCode() == 403
                        ? " (the console's API token is not accepted)" : ""));
            }
            return Reading.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            return Reading.failed(unreachable(endpoint, uri, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reading.failed("interrupted while reading " + uri);
        }
    }

    /** The service's {@code /q/health}: UP, DOWN (a 503 with its status), or unreachable and why. */
    public ServiceStatus health(ServiceEndpoint endpoint) {
        URI uri = URI.create(endpoint.baseUrl() + "/q/health");
        try {
            HttpResponse<String> response = http.send(request(uri).build(), HttpResponse.BodyHandlers.ofString());
            String status = "status " + response.statusCode();
            try {
                status = JSON.readTree(response.body()).path("status").asText(status);
            } catch (IOException e) {
                // not JSON: the HTTP status says enough
            }
            return new ServiceStatus(endpoint.service(), endpoint.baseUrl().toString(), status, null);
        } catch (IOException e) {
            return new ServiceStatus(endpoint.service(), endpoint.baseUrl().toString(), "unreachable",
                    unreachable(endpoint, uri, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServiceStatus(endpoint.service(), endpoint.baseUrl().toString(), "unknown", "interrupted");
        }
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET();
    }

    private static String unreachable(ServiceEndpoint endpoint, URI uri, IOException e) {
        String reason = e instanceof HttpTimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s"
                : e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return endpoint.service() + " is unreachable at " + uri + ": " + reason;
    }
}
