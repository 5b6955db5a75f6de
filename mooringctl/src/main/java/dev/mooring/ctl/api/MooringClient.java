package dev.mooring.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kit.security.PemTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * HTTP to the services: bearer token, JSON in and out, and every failure turned into an {@link ApiException} whose
 * message names the service, the URL and the setting to fix. Nothing here prints; the token is never in a message.
 */
public final class MooringClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ApiSettings settings;
    private final HttpClient http;

    public MooringClient(ApiSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (settings.caFile() != null) {
            builder.sslContext(PemTrust.of("ca", settings.caFile()));
        }
        this.http = builder.build();
    }

    public ApiSettings settings() {
        return settings;
    }

    /** {@code GET path} as JSON. */
    public JsonNode get(Service service, String path) {
        return json(service, send(service, "GET", path, null, "application/json"), "GET " + path);
    }

    /** {@code POST}, {@code PATCH} or {@code DELETE} with an optional JSON body; the answer as JSON (null when empty). */
    public JsonNode send(Service service, String method, String path, JsonNode body) {
        return json(service, send(service, method, path, body == null ? null : body.toString(), "application/json"),
                method + " " + path);
    }

    /** A plain-text answer ({@code /q/health}, {@code /q/metrics}) whatever its status; 401 still fails. */
    public Answer text(Service service, String path) {
        return send(service, "GET", path, null, "*/*");
    }

    /** An HTTP answer: status and body. */
    public record Answer(int status, String body) {
    }

    private Answer send(Service service, String method, String path, String json, String accept) {
        URI base = settings.url(service).orElseThrow(() -> new ApiException(ApiException.Kind.NOT_CONFIGURED, 0,
                "no URL for " + service.serviceName() + ": set services." + service.serviceName() + " in the context, "
                        + service.environmentVariable() + " or " + service.flag()));
        URI uri = URI.create(stripSlash(base.toString()) + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", accept);
        if (settings.token() != null) {
            request.header("Authorization", settings.token().bearer());
        }
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(service, base, "connection refused or timed out");
        } catch (HttpTimeoutException e) {
            throw unreachable(service, base, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (SSLException e) {
            throw new ApiException(ApiException.Kind.UNREACHABLE, 0, "TLS with " + service.serviceName() + " at " + base
                    + " failed (" + e.getMessage() + "): check ca in " + settings.origin() + " or --ca");
        } catch (IOException e) {
            throw unreachable(service, base, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.Kind.UNREACHABLE, 0, "interrupted: " + method + " " + uri);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new ApiException(ApiException.Kind.UNAUTHORIZED, 401, service.serviceName()
                    + " refused the API token (401 Unauthorized): check the token in " + settings.tokenOrigin());
        }
        if (status == 403) {
            throw new ApiException(ApiException.Kind.FORBIDDEN, 403, service.serviceName() + " does not allow "
                    + method + " " + path + " with this token (403 Forbidden): " + problemText(response.body()));
        }
        return new Answer(status, response.body());
    }

    private JsonNode json(Service service, Answer answer, String what) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            if (answer.body() == null || answer.body().isBlank()) {
                return null;
            }
            try {
                return JSON.readTree(answer.body());
            } catch (IOException e) {
                throw new ApiException(ApiException.Kind.SERVER_ERROR, status, service.serviceName() + " answered "
                        + what + " with something that is not JSON: " + abbreviate(answer.body()));
            }
        }
        String detail = problemText(answer.body());
        if (status == 404) {
            throw new ApiException(ApiException.Kind.NOT_FOUND, 404, detail.isEmpty()
                    ? service.serviceName() + " has no " + what.substring(what.indexOf(' ') + 1) + " (404)" : detail);
        }
        if (status == 405) {
            throw new ApiException(ApiException.Kind.REFUSED, 405, service.serviceName() + " does not offer " + what
                    + " (405 Method Not Allowed)");
        }
        throw new ApiException(status >= 500 ? ApiException.Kind.SERVER_ERROR : ApiException.Kind.REFUSED, status,
                service.serviceName() + " refused " + what + " (" + status + ")" + (detail.isEmpty() ? "" : ": " + detail),
                problem(answer.body()));
    }

    private static JsonNode problem(String body) {
        try {
            JsonNode problem = body == null || body.isBlank() ? null : JSON.readTree(body);
            return problem != null && problem.isObject() ? problem : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code detail} of a problem+json, with its field errors; else the body, shortened. */
    static String problemText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode problem = JSON.readTree(body);
            StringBuilder text = new StringBuilder(problem.path("detail").asText(problem.path("title").asText("")));
            for (JsonNode error : problem.path("errors")) {
                text.append(text.isEmpty() ? "" : "; ").append(error.path("field").asText()).append(' ')
                        .append(error.path("reason").asText());
            }
            return text.isEmpty() ? abbreviate(body) : text.toString();
        } catch (IOException e) {
            return abbreviate(body);
        }
    }

    private ApiException unreachable(Service service, URI base, String why) {
        return new ApiException(ApiException.Kind.UNREACHABLE, 0, "cannot reach " + service.serviceName() + " at " + base
                + " (" + why + "): is it running? Check services." + service.serviceName() + " in " + settings.origin()
                + ", " + service.environmentVariable() + " or " + service.flag());
    }

    private static String abbreviate(String body) {
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
