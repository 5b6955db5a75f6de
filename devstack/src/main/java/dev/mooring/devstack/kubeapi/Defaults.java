package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The defaults Kubernetes fills in when it stores an object of a served kind (its {@code SetDefaults_…}
 * functions), so what kubectl and the services read back is what a real server would hold: a claim is
 * {@code Pending} until bound, a StorageClass deletes its volumes unless told otherwise, a Secret is
 * {@code Opaque}.
 */
final class Defaults {

    /** Per kind: JSON pointer of a field → its value when absent. */
    private static final Map<String, List<Map.Entry<String, String>>> BY_KIND = Map.of(
            "PersistentVolumeClaim", List.of(Map.entry("/spec/volumeMode", "Filesystem"),
                    Map.entry("/status/phase", "Pending")),
            "PersistentVolume", List.of(Map.entry("/spec/persistentVolumeReclaimPolicy", "Retain"),
                    Map.entry("/spec/volumeMode", "Filesystem"), Map.entry("/status/phase", "Pending")),
            "StorageClass", List.of(Map.entry("/reclaimPolicy", "Delete"), Map.entry("/volumeBindingMode", "Immediate")),
            "Secret", List.of(Map.entry("/type", "Opaque")),
            "Namespace", List.of(Map.entry("/status/phase", "Active")),
            "Pod", List.of(Map.entry("/status/phase", "Pending")));

    private Defaults() {
    }

    /** Fills the absent defaulted fields of a stored-form object of {@code kind}. */
    static void apply(String kind, ObjectNode object) {
        for (Map.Entry<String, String> field : BY_KIND.getOrDefault(kind, List.of())) {
            String[] path = field.getKey().substring(1).split("/");
            ObjectNode parent = object;
            for (int i = 0; i < path.length - 1 && parent != null; i++) {
                JsonNode child = parent.get(path[i]);
                if (child == null || child.isNull()) {
                    child = parent.putObject(path[i]);
                }
                parent = child instanceof ObjectNode next ? next : null; // the wrong type: the schema check reports it
            }
            if (parent == null) {
                continue;
            }
            String last = path[path.length - 1];
            JsonNode current = parent.get(last);
            if (current == null || current.isNull() || (current.isTextual() && current.asText().isEmpty())) {
                parent.put(last, field.getValue());
            }
        }
    }
}
