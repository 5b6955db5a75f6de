package dev.mooring.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small HTTP helpers over the JDK client: JSON in and out, loopback only. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** An answer: status and body (parsed when it is JSON, else null). */
    public record Answer(int status, String body, JsonNode json, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private Http() {
    }

    public static HttpClient client() {
        return CLIENT;
    }

    public static Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return answer(response);
    }

    static Answer answer(HttpResponse<String> response) {
        JsonNode json = null;
        String body = response.body();
        if (body != null && !body.isBlank() && (body.startsWith("{") || body.startsWith("["))) {
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
        }
        return new Answer(response.statusCode(), body, json, response);
    }

    public static Answer get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** Whether a Quarkus readiness endpoint answers 200 with status UP (false on any failure). */
    public static boolean ready(String healthUrl) {
        try {
            Answer a = get(healthUrl);
            return a.status() == 200 && a.json() != null && "UP".equals(a.json().path("status").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
