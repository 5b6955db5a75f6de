package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The columns {@code kubectl get} shows for each kind, as Kubernetes' own printers compute them
 * ({@code pkg/printers/internalversion}): the API server sends them as a Table, so kubectl prints exactly
 * these. Cells are computed from the stored JSON; every column is sent, kubectl hides priority-1 ones unless
 * {@code -o wide}.
 */
public final class Printers {

    private static final String NAME_DOC = "Name must be unique within a namespace.";
    private static final String AGE_DOC = "CreationTimestamp is a timestamp representing the server time when this object was created.";

    private Printers() {
    }

    /** Name and age: what the API server prints for kinds it has no printer for. */
    public static final List<Column> DEFAULT = List.of(name(), age());

    public static final List<Column> NAMESPACES = List.of(name(),
            Column.of("Status", "The status of the namespace", (o, now) -> text(o, "/status/phase")),
            age());

    public static final List<Column> NODES = List.of(name(),
            Column.of("Status", "The status of the node", (o, now) -> nodeStatus(o)),
            Column.of("Roles", "The roles of the node", (o, now) -> nodeRoles(o)),
            age(),
            Column.of("Version", "Kubelet Version reported by the node.", (o, now) -> text(o, "/status/nodeInfo/kubeletVersion")),
            Column.wide("Internal-IP", "List of internal IPs for the node.", (o, now) -> nodeAddress(o, "InternalIP")),
            Column.wide("External-IP", "List of external IPs for the node.", (o, now) -> nodeAddress(o, "ExternalIP")),
            Column.wide("OS-Image", "OS image reported by the node.", (o, now) -> orElse(text(o, "/status/nodeInfo/osImage"), "<unknown>")),
            Column.wide("Kernel-Version", "Kernel version reported by the node.", (o, now) -> orElse(text(o, "/status/nodeInfo/kernelVersion"), "<unknown>")),
            Column.wide("Container-Runtime", "Container runtime version reported by the node.",
                    (o, now) -> orElse(text(o, "/status/nodeInfo/containerRuntimeVersion"), "<unknown>")));

    public static final List<Column> PERSISTENT_VOLUMES = List.of(name(),
            Column.of("Capacity", "capacity is the description of the persistent volume's resources and capacity.",
                    (o, now) -> text(o, "/spec/capacity/storage")),
            Column.of("Access Modes", "accessModes contains all ways the volume can be mounted.",
                    (o, now) -> accessModes(o.at("/spec/accessModes"))),
            Column.of("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.",
                    (o, now) -> text(o, "/spec/persistentVolumeReclaimPolicy")),
            Column.of("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim.",
                    (o, now) -> deleting(o) ? "Terminating" : text(o, "/status/phase")),
            Column.of("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.",
                    (o, now) -> o.at("/spec/claimRef").isMissingNode() ? ""
                            : text(o, "/spec/claimRef/namespace") + "/" + text(o, "/spec/claimRef/name")),
            Column.of("StorageClass", "StorageClass of the pv", (o, now) -> storageClass(o)),
            Column.of("VolumeAttributesClass", "VolumeAttributesClass of the pv",
                    (o, now) -> orElse(text(o, "/spec/volumeAttributesClassName"), "<unset>")),
            Column.of("Reason", "reason is a brief CamelCase string that describes any failure.", (o, now) -> text(o, "/status/reason")),
            age(),
            Column.wide("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.",
                    (o, now) -> orElse(text(o, "/spec/volumeMode"), "<unset>")));

    public static final List<Column> PERSISTENT_VOLUME_CLAIMS = List.of(name(),
            Column.of("Status", "phase represents the current phase of PersistentVolumeClaim.",
                    (o, now) -> deleting(o) ? "Terminating" : text(o, "/status/phase")),
            Column.of("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim.",
                    (o, now) -> text(o, "/spec/volumeName")),
            Column.of("Capacity", "capacity represents the actual resources of the underlying volume.",
                    (o, now) -> text(o, "/spec/volumeName").isEmpty() ? "" : text(o, "/status/capacity/storage")),
            Column.of("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has.",
                    (o, now) -> text(o, "/spec/volumeName").isEmpty() ? "" : accessModes(o.at("/status/accessModes"))),
            Column.of("StorageClass", "StorageClass of the pvc", (o, now) -> storageClass(o)),
            Column.of("VolumeAttributesClass", "VolumeAttributesClass of the pvc",
                    (o, now) -> orElse(text(o, "/spec/volumeAttributesClassName"), "<unset>")),
            age(),
            Column.wide("VolumeMode", "volumeMode defines what type of volume is required by the claim.",
                    (o, now) -> orElse(text(o, "/spec/volumeMode"), "<unset>")));

    public static final List<Column> PODS = List.of(name(),
            Column.of("Ready", "The aggregate readiness state of this pod for accepting traffic.", (o, now) -> podReady(o)),
            Column.of("Status", "The aggregate status of the containers in this pod.", (o, now) -> podStatus(o)),
            Column.of("Restarts", "The number of times the containers in this pod have been restarted.", (o, now) -> podRestarts(o))
                    .typed("string"),
            age(),
            Column.wide("IP", "IP address allocated to the pod.", (o, now) -> orElse(text(o, "/status/podIP"), "<none>")),
            Column.wide("Node", "Name of the Node this pod is scheduled to.", (o, now) -> orElse(text(o, "/spec/nodeName"), "<none>")),
            Column.wide("Nominated Node", "Name of the node nominated by the scheduler.",
                    (o, now) -> orElse(text(o, "/status/nominatedNodeName"), "<none>")),
            Column.wide("Readiness Gates", "Pod readiness gates.",
                    (o, now) -> o.at("/spec/readinessGates").size() == 0 ? "<none>" : "0/" + o.at("/spec/readinessGates").size()));

    public static final List<Column> SECRETS = List.of(name(),
            Column.of("Type", "The type of the secret", (o, now) -> text(o, "/type")),
            Column.of("Data", "The number of entries in the secret", (o, now) -> o.path("data").size()).typed("string"),
            age());

    public static final List<Column> CONFIG_MAPS = List.of(name(),
            Column.of("Data", "The number of entries in the config map",
                    (o, now) -> o.path("data").size() + o.path("binaryData").size()).typed("string"),
            age());

    /** Core Events (and events.k8s.io, which are printed in their core form, as the API server does). */
    public static final List<Column> EVENTS = List.of(
            Column.of("Last Seen", "Time when last this event was observed.", Printers::eventLastSeen),
            Column.of("Type", "Type of this event.", (o, now) -> text(o, "/type")),
            Column.of("Reason", "Reason why this event was generated.", (o, now) -> text(o, "/reason")),
            Column.of("Object", "The object that this event is about.", (o, now) -> eventTarget(o)),
            Column.wide("Subobject", "The subobject this event is about.", (o, now) -> text(o, "/involvedObject/fieldPath")),
            Column.wide("Source", "The component reporting this event.", (o, now) -> eventSource(o)),
            Column.of("Message", "A human-readable description of the status of this operation.",
                    (o, now) -> text(o, "/message").trim()),
            Column.wide("First Seen", "The time at which the event was first recorded.", Printers::eventFirstSeen),
            Column.wide("Count", "The number of times this event has occurred.", (o, now) -> eventCount(o)).typed("string"),
            Column.wide("Name", NAME_DOC, (o, now) -> text(o, "/metadata/name")).formatted("name"));

    public static final List<Column> STORAGE_CLASSES = List.of(
            new Column("Name", "string", "name", 0, NAME_DOC, (o, now) -> text(o, "/metadata/name")
                    + (isDefaultClass(o) ? " (default)" : "")),
            Column.of("Provisioner", "provisioner indicates the type of the provisioner.", (o, now) -> text(o, "/provisioner")),
            Column.of("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes.",
                    (o, now) -> orElse(text(o, "/reclaimPolicy"), "Delete")),
            Column.of("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.",
                    (o, now) -> orElse(text(o, "/volumeBindingMode"), "Immediate")),
            Column.of("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand.",
                    (o, now) -> o.path("allowVolumeExpansion").asBoolean(false)),
            age());

    public static final List<Column> VOLUME_ATTACHMENTS = List.of(name(),
            Column.of("Attacher", "attacher indicates the name of the volume driver that MUST handle this request.",
                    (o, now) -> text(o, "/spec/attacher")),
            Column.of("PV", "persistentVolumeName represents the name of the persistent volume to attach.",
                    (o, now) -> text(o, "/spec/source/persistentVolumeName")),
            Column.of("Node", "nodeName represents the node that the volume should be attached to.", (o, now) -> text(o, "/spec/nodeName")),
            Column.of("Attached", "attached indicates the volume is successfully attached.",
                    (o, now) -> o.at("/status/attached").asBoolean(false)),
            age());

    public static final List<Column> LEASES = List.of(name(),
            Column.of("Holder", "holderIdentity contains the identity of the holder of a current lease.",
                    (o, now) -> text(o, "/spec/holderIdentity")),
            age());

    // ------------------------------------------------------------------------------------------- cells

    private static Column name() {
        return new Column("Name", "string", "name", 0, NAME_DOC, (o, now) -> text(o, "/metadata/name"));
    }

    private static Column age() {
        return Column.of("Age", AGE_DOC, (o, now) -> since(text(o, "/metadata/creationTimestamp"), now));
    }

    /** The text at a JSON pointer, or "" when absent. */
    static String text(JsonNode object, String pointer) {
        JsonNode node = object.at(pointer);
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    private static String orElse(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    private static boolean deleting(JsonNode o) {
        return !text(o, "/metadata/deletionTimestamp").isEmpty();
    }

    /** {@code RWO,ROX,RWX,RWOP} in Kubernetes' fixed order. */
    static String accessModes(JsonNode modes) {
        List<String> given = new ArrayList<>();
        modes.forEach(m -> given.add(m.asText()));
        List<String> shown = new ArrayList<>();
        if (given.contains("ReadWriteOnce")) {
            shown.add("RWO");
        }
        if (given.contains("ReadOnlyMany")) {
            shown.add("ROX");
        }
        if (given.contains("ReadWriteMany")) {
            shown.add("RWX");
        }
        if (given.contains("ReadWriteOncePod")) {
            shown.add("RWOP");
        }
        return String.join(",", shown);
    }

    private static String storageClass(JsonNode o) {
        String beta = text(o, "/metadata/annotations/volume.beta.kubernetes.io~1storage-class");
        return beta.isEmpty() ? text(o, "/spec/storageClassName") : beta;
    }

    private static boolean isDefaultClass(JsonNode o) {
        return "true".equals(text(o, "/metadata/annotations/storageclass.kubernetes.io~1is-default-class"))
                || "true".equals(text(o, "/metadata/annotations/storageclass.beta.kubernetes.io~1is-default-class"));
    }

    private static String nodeStatus(JsonNode o) {
        List<String> status = new ArrayList<>();
        for (JsonNode condition : o.at("/status/conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                status.add("True".equals(condition.path("status").asText()) ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (o.at("/spec/unschedulable").asBoolean(false)) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    private static String nodeRoles(JsonNode o) {
        TreeSet<String> roles = new TreeSet<>();
        o.at("/metadata/labels").fields().forEachRemaining(label -> {
            if (label.getKey().startsWith("node-role.kubernetes.io/")) {
                String role = label.getKey().substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (label.getKey().equals("kubernetes.io/role") && !label.getValue().asText().isEmpty()) {
                roles.add(label.getValue().asText());
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String nodeAddress(JsonNode o, String type) {
        for (JsonNode address : o.at("/status/addresses")) {
            if (type.equals(address.path("type").asText())) {
                return address.path("address").asText();
            }
        }
        return "<none>";
    }

    private static String podReady(JsonNode o) {
        int total = o.at("/spec/containers").size();
        int ready = 0;
        for (JsonNode status : o.at("/status/containerStatuses")) {
            if (status.path("ready").asBoolean(false)) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    private static String podStatus(JsonNode o) {
        if (deleting(o)) {
            return "Terminating";
        }
        String reason = text(o, "/status/reason");
        return reason.isEmpty() ? text(o, "/status/phase") : reason;
    }

    private static long podRestarts(JsonNode o) {
        long restarts = 0;
        for (JsonNode status : o.at("/status/containerStatuses")) {
            restarts += status.path("restartCount").asLong(0);
        }
        return restarts;
    }

    private static String eventTarget(JsonNode o) {
        String kind = text(o, "/involvedObject/kind").toLowerCase(Locale.ROOT);
        String name = text(o, "/involvedObject/name");
        return name.isEmpty() ? kind : kind + "/" + name;
    }

    private static String eventSource(JsonNode o) {
        String component = orElse(text(o, "/source/component"), text(o, "/reportingComponent"));
        String instance = orElse(text(o, "/source/host"), text(o, "/reportingInstance"));
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String eventFirstSeen(JsonNode o, Instant now) {
        String first = text(o, "/firstTimestamp");
        return since(first.isEmpty() ? text(o, "/eventTime") : first, now);
    }

    private static String eventLastSeen(JsonNode o, Instant now) {
        if (!o.at("/series").isMissingNode() && !o.at("/series").isNull()) {
            return since(text(o, "/series/lastObservedTime"), now);
        }
        String last = text(o, "/lastTimestamp");
        return last.isEmpty() ? eventFirstSeen(o, now) : since(last, now);
    }

    private static long eventCount(JsonNode o) {
        if (!o.at("/series").isMissingNode() && !o.at("/series").isNull()) {
            return o.at("/series/count").asLong(1);
        }
        long count = o.path("count").asLong(0);
        return count == 0 ? 1 : count;
    }

    /** A timestamp's age as kubectl prints it, or {@code <unknown>} when there is none. */
    static String since(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return humanDuration(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    /** apimachinery's {@code duration.HumanDuration}: {@code 45s}, {@code 3m20s}, {@code 2d5h}, {@code 3y}. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
