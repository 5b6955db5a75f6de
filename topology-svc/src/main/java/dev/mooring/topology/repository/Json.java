package dev.mooring.topology.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON text columns of topology-svc's tables: maps kept sorted so that equal content is equal text. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String ofMap(Map<String, String> map) {
        return write(new TreeMap<>(map));
    }

    static Map<String, String> toMap(String json) {
        try {
            return json == null || json.isBlank() ? Map.of()
                    : MAPPER.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON object in the database: " + e.getOriginalMessage(), e);
        }
    }

    static String ofList(List<String> list) {
        return write(list);
    }

    static List<String> toList(String json) {
        try {
            return json == null || json.isBlank() ? List.of()
                    : MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON array in the database: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
