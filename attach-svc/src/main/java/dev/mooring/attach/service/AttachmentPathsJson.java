package dev.mooring.attach.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.attach.domain.AttachmentPaths;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** An attachment's paths as stored in its row (JSON). */
@ApplicationScoped
public class AttachmentPathsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String write(List<AttachmentPaths.Path> paths) {
        try {
            return JSON.writeValueAsString(paths);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<AttachmentPaths.Path> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<AttachmentPaths.Path>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable paths: " + e.getMessage(), e);
        }
    }
}
