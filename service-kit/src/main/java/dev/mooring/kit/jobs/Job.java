package dev.mooring.kit.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A job as its handler sees it: what kind of work, for which key, with which payload (JSON), how often it was
 * started, by which instance it is held now, and how its last runs failed (if they did). {@code traceContext} is the
 * trace of what enqueued it (kept for its span; null when untraced).
 */
public record Job(long id, String kind, String key, String payload, String correlationId, int attempts,
                  String heldBy, String lastError, int failureStreak, String traceContext) {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The payload as {@code type}; a payload that does not parse is a poison job (dead-lettered). */
    public <T> T payload(Class<T> type) {
        try {
            return JSON.readValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Job " + id + " (" + kind + ") has a payload that is not a "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static String toJson(Object payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write a job payload of " + payload.getClass().getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }
}
