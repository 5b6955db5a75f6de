package dev.mooring.topology.kube;

import dev.mooring.topology.domain.NodeAnnotations;
import dev.mooring.topology.domain.ObservedNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.util.List;
import java.util.Map;

/** A Node as the informer holds it, reduced to what topology-svc uses. */
public record NodeState(String name, String uid, String resourceVersion, ObservedNode observed,
                        String managedAnnotation) {

    static NodeState of(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? Map.of()
                : node.getMetadata().getAnnotations();
        String name = node.getMetadata().getName();
        return new NodeState(name, node.getMetadata().getUid(), node.getMetadata().getResourceVersion(),
                ObservedNode.of(name, node.getMetadata().getLabels(), annotations, ready(node)),
                annotations.get(NodeAnnotations.MANAGED_LABELS));
    }

    private static boolean ready(Node node) {
        List<NodeCondition> conditions = node.getStatus() == null ? null : node.getStatus().getConditions();
        return conditions != null && conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
