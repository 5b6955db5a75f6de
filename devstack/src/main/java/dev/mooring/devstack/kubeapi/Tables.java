package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code meta.k8s.io} Tables: what the API server answers when kubectl asks for {@code as=Table} (every
 * {@code kubectl get}), so kubectl prints a kind's real columns ({@link Printers}) instead of only names.
 */
public final class Tables {

    private Tables() {
    }

    /** One served object and the stored form its cells are computed from. */
    public record Row(JsonNode stored, JsonNode served) {
    }

    /**
     * Which Table version an Accept header asks for ({@code v1} preferred, {@code v1beta1} from old clients), if
     * any.
     */
    public static Optional<String> versionAsked(String accept) {
        if (accept == null) {
            return Optional.empty();
        }
        for (String type : accept.split(",")) {
            String t = type.replace(" ", "");
            if (t.contains("as=Table") && t.contains("g=meta.k8s.io")) {
                if (t.contains(";v=v1;") || t.endsWith(";v=v1")) {
                    return Optional.of("v1");
                }
                if (t.contains(";v=v1beta1")) {
                    return Optional.of("v1beta1");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The Table of {@code rows}; {@code includeObject} is the request's parameter ({@code None}, {@code Metadata}
     * — the default — or {@code Object}).
     */
    public static ObjectNode of(ApiResource resource, List<Row> rows, String version, String includeObject,
                                String resourceVersion, Instant now) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode table = f.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/" + version);
        table.putObject("metadata").put("resourceVersion", resourceVersion == null ? "" : resourceVersion);
        ArrayNode columns = table.putArray("columnDefinitions");
        List<Column> printed = resource.columns().isEmpty() ? Printers.DEFAULT : resource.columns();
        for (Column c : printed) {
            columns.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode out = table.putArray("rows");
        for (Row row : rows) {
            ObjectNode line = out.addObject();
            ArrayNode cells = line.putArray("cells");
            for (Column c : printed) {
                Object value = c.cell().apply(row.stored(), now);
                if (value instanceof Boolean b) {
                    cells.add(b);
                } else if (value instanceof Number n) {
                    cells.add(n.longValue());
                } else {
                    cells.add(value == null ? "" : value.toString());
                }
            }
            String include = includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject;
            if (include.equals("Object")) {
                line.set("object", row.served());
            } else if (include.equals("Metadata")) {
                ObjectNode partial = line.putObject("object").put("kind", "PartialObjectMetadata")
                        .put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", row.served().path("metadata").deepCopy());
            }
        }
        return table;
    }
}
