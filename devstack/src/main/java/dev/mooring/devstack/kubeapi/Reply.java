package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** An HTTP answer of the stand-in: code, content type, body, and {@code Warning} headers (299, as kubectl shows them). */
record Reply(int code, String contentType, byte[] body, List<String> warnings) {

    static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Reply json(int code, JsonNode body) {
        return json(code, body, List.of());
    }

    static Reply json(int code, JsonNode body, List<String> warnings) {
        try {
            return new Reply(code, JSON, MAPPER.writeValueAsBytes(body), warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply of(ApiException e) {
        return json(e.code(), e.status());
    }
}
