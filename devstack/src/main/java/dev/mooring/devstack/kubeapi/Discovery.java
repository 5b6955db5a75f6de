package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API discovery as kubectl reads it, rendered from {@link ApiResources}: the legacy documents ({@code /api},
 * {@code /api/v1}, {@code /apis}, {@code /apis/<group>}, {@code /apis/<group>/<version>}) and the aggregated
 * {@code apidiscovery.k8s.io/v2} lists that kubectl 1.30+ asks {@code /api} and {@code /apis} for first.
 */
public final class Discovery {

    /** The media type of an aggregated discovery document (kubectl sends it first in Accept). */
    public static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    static final String AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private final ObjectMapper json;
    private final String serverAddress;

    public Discovery(ObjectMapper json, String serverAddress) {
        this.json = json;
        this.serverAddress = serverAddress;
    }

    /** {@code /api}: the core group's versions. */
    public ObjectNode coreVersions() {
        ObjectNode doc = json.createObjectNode().put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        doc.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", serverAddress);
        return doc;
    }

    /** {@code /apis}: every named group. */
    public ObjectNode groupList() {
        ObjectNode doc = json.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        ApiResources.groups().forEach(g -> groups.add(group(g)));
        return doc;
    }

    /** {@code /apis/<group>}, when the group is served. */
    public Optional<ObjectNode> group(String name, boolean withKind) {
        if (!ApiResources.groups().contains(name)) {
            return Optional.empty();
        }
        ObjectNode doc = group(name);
        if (withKind) {
            doc.put("kind", "APIGroup").put("apiVersion", "v1");
        }
        return Optional.of(doc);
    }

    private ObjectNode group(String name) {
        ObjectNode group = json.createObjectNode().put("name", name);
        ArrayNode versions = group.putArray("versions");
        String preferred = null;
        for (String gv : ApiResources.byGroupVersion().keySet()) {
            if (gv.startsWith(name + "/")) {
                String version = gv.substring(name.length() + 1);
                versions.addObject().put("groupVersion", gv).put("version", version);
                preferred = preferred == null ? gv : preferred;
            }
        }
        group.putObject("preferredVersion").put("groupVersion", preferred).put("version", preferred.substring(name.length() + 1));
        return group;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}: the resources of one group version. */
    public Optional<ObjectNode> resourceList(String groupVersion) {
        List<ApiResource> resources = ApiResources.byGroupVersion().get(groupVersion);
        if (resources == null) {
            return Optional.empty();
        }
        ObjectNode doc = json.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", groupVersion);
        ArrayNode list = doc.putArray("resources");
        for (ApiResource r : resources) {
            verbsAndNames(list.addObject().put("name", r.plural()).put("singularName", r.singular())
                    .put("namespaced", r.namespaced()).put("kind", r.kind()), r);
            if (r.statusSubresource()) {
                ObjectNode status = list.addObject().put("name", r.plural() + "/status").put("singularName", "")
                        .put("namespaced", r.namespaced()).put("kind", r.kind());
                strings(status.putArray("verbs"), ApiResource.STATUS_VERBS);
            }
        }
        return Optional.of(doc);
    }

    /**
     * The aggregated document of {@code /api} ({@code core}) or {@code /apis}, in the version kubectl asked for
     * ({@code v2}, or {@code v2beta1} from older clients).
     */
    public ObjectNode aggregated(boolean core, String discoveryVersion) {
        ObjectNode doc = json.createObjectNode().put("kind", "APIGroupDiscoveryList")
                .put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        doc.putObject("metadata");
        ArrayNode items = doc.putArray("items");
        Map<String, List<ApiResource>> byGroupVersion = ApiResources.byGroupVersion();
        List<String> groups = core ? List.of("") : ApiResources.groups();
        for (String group : groups) {
            ObjectNode item = items.addObject();
            ObjectNode metadata = item.putObject("metadata");
            if (!group.isEmpty()) {
                metadata.put("name", group);
            }
            ArrayNode versions = item.putArray("versions");
            byGroupVersion.forEach((gv, resources) -> {
                if (!resources.get(0).group().equals(group)) {
                    return;
                }
                ObjectNode version = versions.addObject().put("version", resources.get(0).version());
                ArrayNode list = version.putArray("resources");
                resources.forEach(r -> list.add(aggregatedResource(r)));
                version.put("freshness", "Current");
            });
        }
        return doc;
    }

    private ObjectNode aggregatedResource(ApiResource r) {
        ObjectNode entry = json.createObjectNode().put("resource", r.plural());
        entry.putObject("responseKind").put("group", r.group()).put("version", r.version()).put("kind", r.kind());
        entry.put("scope", r.namespaced() ? "Namespaced" : "Cluster").put("singularResource", r.singular());
        verbsAndNames(entry, r);
        if (r.statusSubresource()) {
            ObjectNode status = entry.putArray("subresources").addObject().put("subresource", "status");
            status.putObject("responseKind").put("group", r.group()).put("version", r.version()).put("kind", r.kind());
            strings(status.putArray("verbs"), ApiResource.STATUS_VERBS);
        }
        return entry;
    }

    /** Which aggregated version an Accept header asks for, if any ({@code v2} preferred). */
    public static Optional<String> aggregatedVersionAsked(String accept) {
        if (accept == null) {
            return Optional.empty();
        }
        for (String type : accept.split(",")) {
            String t = type.replace(" ", "");
            if (t.contains("g=apidiscovery.k8s.io") && t.contains("as=APIGroupDiscoveryList")) {
                if (t.contains(";v=v2;") || t.endsWith(";v=v2")) {
                    return Optional.of("v2");
                }
                if (t.contains(";v=v2beta1")) {
                    return Optional.of("v2beta1");
                }
            }
        }
        return Optional.empty();
    }

    /** Verbs, short names and categories: the same in both forms of discovery. */
    private static void verbsAndNames(ObjectNode entry, ApiResource r) {
        strings(entry.putArray("verbs"), ApiResource.VERBS);
        if (!r.shortNames().isEmpty()) {
            strings(entry.putArray("shortNames"), r.shortNames());
        }
        if (!r.categories().isEmpty()) {
            strings(entry.putArray("categories"), r.categories());
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
