package dev.mooring.kit.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Extra Kafka headers of an outbox row (e.g. a dead letter's reason), kept as a JSON object in its row. */
public final class OutboxHeaders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutboxHeaders() {
    }

    public static String toJson(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write outbox headers: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, String> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outbox headers are not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
