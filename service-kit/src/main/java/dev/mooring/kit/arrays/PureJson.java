package dev.mooring.kit.arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Portworx {@code pure.json} ({@code {"FlashArrays":[{"MgmtEndPoint":…,"APIToken":…,"Labels":{…}}]}}),
 * read entry by entry: a malformed entry is reported by its position and endpoint (by its position alone when the
 * endpoint holds user information, a credential) and does not keep the others from being used. FlashBlades are not
 * Mooring's business and are ignored.
 */
public final class PureJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
    static final String USER_INFO = "MgmtEndPoint must not contain user information; put credentials in APIToken";

    /** One usable FlashArray entry. Its {@code toString} never shows the token. */
    public record FlashArrayEntry(int index, String mgmtEndPoint, String apiToken, String realm,
                                  Map<String, String> labels) {
        /** How the entry is named in messages: position and endpoint, never the token. */
        public String describe() {
            return "FlashArrays[" + index + "] (" + mgmtEndPoint + ")";
        }

        @Override
        public String toString() {
            return "FlashArrayEntry[" + describe() + ", realm=" + realm + ", labels=" + labels + ", apiToken=****]";
        }
    }

    /** An entry that cannot be used, and why. */
    public record Malformed(int index, String description, String reason) {
    }

    /** The usable entries and the refused ones. */
    public record Parsed(List<FlashArrayEntry> arrays, List<Malformed> malformed) {
    }

    private PureJson() {
    }

    /** Parses the document; a document that is not JSON at all is one malformed "entry" (index -1). */
    public static Parsed parse(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document == null ? "" : document);
        } catch (Exception e) {
            return new Parsed(List.of(), List.of(new Malformed(-1, "pure.json", "is not valid JSON")));
        }
        if (root == null || !root.isObject()) {
            return new Parsed(List.of(), List.of(new Malformed(-1, "pure.json", "must be a JSON object with a FlashArrays list")));
        }
        JsonNode arrays = root.get("FlashArrays");
        if (arrays == null || arrays.isNull()) {
            return new Parsed(List.of(), List.of());
        }
        if (!arrays.isArray()) {
            return new Parsed(List.of(), List.of(new Malformed(-1, "pure.json", "FlashArrays must be a list")));
        }
        List<FlashArrayEntry> usable = new ArrayList<>();
        List<Malformed> malformed = new ArrayList<>();
        for (int i = 0; i < arrays.size(); i++) {
            JsonNode entry = arrays.get(i);
            String endpoint = text(entry, "MgmtEndPoint");
            // An endpoint with user information carries a credential: it is never repeated, not even in part.
            String description = "FlashArrays[" + i + "]"
                    + (endpoint == null || hasUserInfo(endpoint) ? "" : " (" + endpoint + ")");
            String problem = problemWith(entry, endpoint);
            if (problem != null) {
                malformed.add(new Malformed(i, description, problem));
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            JsonNode labelNode = entry.get("Labels");
            if (labelNode != null && labelNode.isObject()) {
                labelNode.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            }
            usable.add(new FlashArrayEntry(i, endpoint.trim(), text(entry, "APIToken").trim(), text(entry, "Realm"),
                    Map.copyOf(labels)));
        }
        return new Parsed(List.copyOf(usable), List.copyOf(malformed));
    }

    private static String problemWith(JsonNode entry, String endpoint) {
        if (entry == null || !entry.isObject()) {
            return "must be an object with MgmtEndPoint and APIToken";
        }
        if (endpoint == null || endpoint.isBlank()) {
            return "MgmtEndPoint is missing";
        }
        if (hasUserInfo(endpoint)) {
            return USER_INFO;
        }
        if (SCHEME.matcher(endpoint.trim()).find()) {
            return "MgmtEndPoint must be an IP address or host name without a scheme (no https://)";
        }
        String token = text(entry, "APIToken");
        if (token == null || token.isBlank()) {
            return "APIToken is missing";
        }
        JsonNode labels = entry.get("Labels");
        if (labels != null && !labels.isNull() && !labels.isObject()) {
            return "Labels must be an object of strings";
        }
        return null;
    }

    /** {@code user@host}, {@code user:password@host}, {@code https://user:pw@host}: '@' has no other place in an endpoint. */
    private static boolean hasUserInfo(String endpoint) {
        return endpoint.indexOf('@') >= 0;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
