package dev.mooring.topology.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.topology.scheduling.ExtenderDecisions.Candidate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * kube-scheduler's ExtenderArgs ({@code k8s.io/kube-scheduler/extender/v1}) as the extender needs them:
 * {@code {"pod": Pod, "nodes": {"items": [Node…]}, "nodenames": [name…]}}. With {@code nodeCacheCapable: true} the
 * scheduler sends only {@code nodenames} (the extender keeps its own node cache), otherwise the full {@code nodes};
 * the answer mirrors what came. Only the fields used here are read; the rest of a Pod or Node is ignored.
 */
public record ExtenderRequest(String podNamespace, String podName, List<String> claims, List<Candidate> candidates,
                              boolean nodeCacheCapable, Map<String, JsonNode> nodeObjects) {

    /** ExtenderArgs that cannot be used, naming the field and the reason. */
    public static class BadArgs extends RuntimeException {
        private final String field;

        BadArgs(String field, String reason) {
            super(field + ": " + reason);
            this.field = field;
        }

        public String field() {
            return field;
        }

        public String reason() {
            return getMessage().substring(field.length() + 2);
        }
    }

    /** Reads ExtenderArgs JSON. */
    public static ExtenderRequest parse(ObjectMapper json, String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            throw new BadArgs("body", "is not JSON (ExtenderArgs expected)");
        }
        if (root == null || !root.isObject()) {
            throw new BadArgs("body", "must be a JSON object (ExtenderArgs)");
        }
        JsonNode pod = root.get("pod");
        if (pod == null || !pod.isObject()) {
            throw new BadArgs("pod", "is required (the Pod being scheduled)");
        }
        String namespace = text(pod.path("metadata").get("namespace"));
        String podName = text(pod.path("metadata").get("name"));
        return new ExtenderRequest(namespace == null ? "default" : namespace, podName, claims(pod, podName),
                null, false, Map.of()).withNodes(root);
    }

    private ExtenderRequest withNodes(JsonNode root) {
        JsonNode names = root.get("nodenames");
        JsonNode nodes = root.get("nodes");
        List<Candidate> candidates = new ArrayList<>();
        if (names != null && !names.isNull()) {
            if (!names.isArray()) {
                throw new BadArgs("nodenames", "must be an array of node names");
            }
            for (int i = 0; i < names.size(); i++) {
                String name = text(names.get(i));
                if (name == null) {
                    throw new BadArgs("nodenames[" + i + "]", "must be a non-empty node name");
                }
                candidates.add(new Candidate(name, Map.of()));
            }
            return new ExtenderRequest(podNamespace, podName, claims, candidates, true, Map.of());
        }
        if (nodes == null || nodes.isNull()) {
            throw new BadArgs("nodes", "is required when nodenames is absent (the candidate nodes)");
        }
        JsonNode items = nodes.get("items");
        if (!nodes.isObject() || items == null || !items.isArray()) {
            throw new BadArgs("nodes.items", "must be an array of Nodes");
        }
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode node = items.get(i);
            String name = text(node.path("metadata").get("name"));
            if (name == null) {
                throw new BadArgs("nodes.items[" + i + "].metadata.name", "is required");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            node.path("metadata").path("labels").fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            });
            candidates.add(new Candidate(name, labels));
            objects.put(name, node);
        }
        return new ExtenderRequest(podNamespace, podName, claims, candidates, false, objects);
    }

    /** The claims a pod's volumes name: persistentVolumeClaim ones, and generic ephemeral ones ({@code pod-volume}). */
    private static List<String> claims(JsonNode pod, String podName) {
        LinkedHashSet<String> claims = new LinkedHashSet<>();
        JsonNode volumes = pod.path("spec").path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode volume = volumes.get(i);
            String claim = text(volume.path("persistentVolumeClaim").get("claimName"));
            if (claim != null) {
                claims.add(claim);
            } else if (volume.has("ephemeral") && podName != null && text(volume.get("name")) != null) {
                claims.add(podName + "-" + text(volume.get("name")));
            }
        }
        return List.copyOf(claims);
    }

    /** The candidates' names, in the order the scheduler sent them. */
    public List<String> candidateNames() {
        return candidates.stream().map(Candidate::name).toList();
    }

    /** ExtenderFilterResult: the passing nodes as they came (names or Node objects) and the failures. */
    public ObjectNode filterResult(ObjectMapper json, ExtenderDecisions.FilterOutcome outcome) {
        ObjectNode result = json.createObjectNode();
        if (nodeCacheCapable) {
            outcome.passed().forEach(result.putArray("nodenames")::add);
        } else {
            var items = result.putObject("nodes").putArray("items");
            outcome.passed().forEach(name -> items.add(nodeObjects.get(name)));
        }
        result.putObject("failedNodes");
        ObjectNode unresolvable = result.putObject("failedAndUnresolvableNodes");
        outcome.failed().forEach(unresolvable::put);
        result.put("error", "");
        return result;
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }
}
