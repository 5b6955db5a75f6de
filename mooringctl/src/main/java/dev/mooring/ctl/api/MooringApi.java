package dev.mooring.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Mooring's REST APIs by what they are about (arrays, volumes, nodes, takeovers…), each call at the service that owns
 * it. Answers are the services' JSON as is, so {@code -o json} shows exactly what the API says; a console could reuse
 * this class as well as the command line does.
 */
public final class MooringApi {

    private final MooringClient client;

    public MooringApi(MooringClient client) {
        this.client = client;
    }

    public MooringClient client() {
        return client;
    }

    public JsonNode arrays() {
        return client.get(Service.PROVISIONER, "/api/v1/arrays");
    }

    /** One array by name (the provisioner lists them all; there is no per-array resource). */
    public JsonNode array(String name) {
        for (JsonNode array : arrays().path("arrays")) {
            if (array.path("name").asText().equals(name)) {
                return array;
            }
        }
        throw new ApiException(ApiException.Kind.NOT_FOUND, 404, "array " + name + " is not registered with"
                + " provisioner-svc (see mooringctl array list)");
    }

    public JsonNode volumes(String state) {
        return client.get(Service.PROVISIONER, "/api/v1/volumes?size=1000" + (state == null ? "" : "&state=" + q(state)));
    }

    /** A volume by id, or by name when {@code idOrName} is not a UUID. */
    public JsonNode volume(String idOrName) {
        if (isUuid(idOrName)) {
            return client.get(Service.PROVISIONER, "/api/v1/volumes/" + idOrName);
        }
        JsonNode found = client.get(Service.PROVISIONER, "/api/v1/volumes?name=" + q(idOrName));
        if (found == null || found.isEmpty()) {
            throw new ApiException(ApiException.Kind.NOT_FOUND, 404, "volume " + idOrName + " does not exist (no"
                    + " volume has that name or id; see mooringctl volume list)");
        }
        return client.get(Service.PROVISIONER, "/api/v1/volumes/" + found.get(0).path("id").asText());
    }

    public JsonNode createVolume(String name, String size, Map<String, String> parameters) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("size", size);
        ObjectNode params = body.putObject("parameters");
        parameters.forEach(params::put);
        return client.send(Service.PROVISIONER, "POST", "/api/v1/volumes", body);
    }

    public JsonNode resizeVolume(String id, String size) {
        return client.send(Service.PROVISIONER, "PATCH", "/api/v1/volumes/" + id,
                JsonNodeFactory.instance.objectNode().put("size", size));
    }

    public JsonNode deleteVolume(String id) {
        return client.send(Service.PROVISIONER, "DELETE", "/api/v1/volumes/" + id, null);
    }

    public JsonNode pools() {
        return client.get(Service.PROVISIONER, "/api/v1/pools");
    }

    public JsonNode pool(String id) {
        return client.get(Service.PROVISIONER, "/api/v1/pools/" + q(id));
    }

    public JsonNode storageNodes() {
        return client.get(Service.PROVISIONER, "/api/v1/storage-nodes");
    }

    /** Attachments, optionally of one volume or node. */
    public JsonNode attachments(String volumeId, String node) {
        StringBuilder path = new StringBuilder("/api/v1/attachments?size=1000");
        if (volumeId != null) {
            path.append("&volumeId=").append(q(volumeId));
        }
        if (node != null) {
            path.append("&nodeName=").append(q(node));
        }
        return client.get(Service.ATTACH, path.toString());
    }

    public JsonNode attachment(String id) {
        return client.get(Service.ATTACH, "/api/v1/attachments/" + q(id));
    }

    /** health-svc's view of every node: state, role, zone, signals, outage, takeovers; and the takeover pause. */
    public JsonNode nodes() {
        return client.get(Service.HEALTH, "/api/v1/nodes");
    }

    public JsonNode node(String name) {
        return client.get(Service.HEALTH, "/api/v1/nodes/" + q(name));
    }

    /** attach-svc's view of a node: its fence. */
    public JsonNode nodeFence(String name) {
        return client.get(Service.ATTACH, "/api/v1/nodes/" + q(name));
    }

    public JsonNode takeovers(boolean inFlightOnly) {
        return client.get(Service.HEALTH, "/api/v1/takeovers" + (inFlightOnly ? "?inFlight=true" : ""));
    }

    public JsonNode takeover(String id) {
        if (!isUuid(id)) {
            throw new ApiException(ApiException.Kind.NOT_FOUND, 404, "takeover " + id + " does not exist (takeover ids"
                    + " are UUIDs; see mooringctl takeover list)");
        }
        return client.get(Service.HEALTH, "/api/v1/takeovers/" + id);
    }

    /** ActiveCluster pods and their status on each array. */
    public JsonNode pods() {
        return client.get(Service.HEALTH, "/api/v1/pods");
    }

    public JsonNode topology() {
        return client.get(Service.TOPOLOGY, "/api/v1/topology");
    }

    /** The cluster domains (disaster recovery): each domain's state as the local side sees it, the witness, the pods. */
    public JsonNode clusterDomains() {
        try {
            return client.get(Service.TOPOLOGY, "/api/v1/cluster-domains");
        } catch (ApiException e) {
            if (e.kind() == ApiException.Kind.NOT_FOUND) {
                throw new ApiException(ApiException.Kind.NOT_FOUND, 404, "topology-svc has no cluster domains ("
                        + e.getMessage() + "): disaster recovery is not configured on this installation", e.problem());
            }
            throw e;
        }
    }

    /** Makes a cluster domain active ({@code activate}) or inactive; answers the cluster domains once done. */
    public JsonNode changeClusterDomain(String name, boolean activate) {
        return client.send(Service.TOPOLOGY, "POST", "/api/v1/cluster-domains/" + segment(name)
                + (activate ? "/activate" : "/deactivate"), null);
    }

    /** A failover away from {@code failedDomain}: its checks and steps when {@code dryRun}, else the operation. */
    public JsonNode failover(String failedDomain, boolean dryRun, boolean force) {
        return client.send(Service.TOPOLOGY, "POST", "/api/v1/failovers", JsonNodeFactory.instance.objectNode()
                .put("failedDomain", failedDomain).put("dryRun", dryRun).put("force", force));
    }

    /** A failback to {@code domain}: the operation. */
    public JsonNode failback(String domain) {
        return client.send(Service.TOPOLOGY, "POST", "/api/v1/failbacks",
                JsonNodeFactory.instance.objectNode().put("domain", domain));
    }

    /** Failovers or failbacks ({@code kind}: failover, failback). */
    public JsonNode drOperations(String kind) {
        return client.get(Service.TOPOLOGY, "/api/v1/" + kind + "s");
    }

    /** One failover or failback by id. */
    public JsonNode drOperation(String kind, String id) {
        if (!isUuid(id)) {
            throw new ApiException(ApiException.Kind.NOT_FOUND, 404, kind + " " + id + " does not exist (" + kind
                    + " ids are UUIDs; see mooringctl " + kind + " list)");
        }
        return client.get(Service.TOPOLOGY, "/api/v1/" + kind + "s/" + id);
    }

    public JsonNode deadLetters(Service service, boolean all) {
        return client.get(service, "/api/v1/dead-letters?limit=1000" + (all ? "&all=true" : ""));
    }

    public JsonNode replayDeadLetter(Service service, long id) {
        return client.send(service, "POST", "/api/v1/dead-letters/" + id + "/replay", null);
    }

    public JsonNode orphans(Service service) {
        return client.get(service, "/api/v1/orphans");
    }

    /** {@code /q/health} of a service: its status (UP, DOWN) and checks; a 503 is an answer too. */
    public MooringClient.Answer health(Service service) {
        return client.text(service, "/q/health");
    }

    public MooringClient.Answer metrics(Service service) {
        return client.text(service, "/q/metrics");
    }

    public MooringClient.Answer openApi(Service service) {
        return client.text(service, "/q/openapi?format=json");
    }

    /** Rows as a JSON array, for a list answer that is an array already or an object holding one. */
    public static ArrayNode rows(JsonNode answer, String field) {
        JsonNode list = answer == null ? null : answer.isArray() ? answer : answer.path(field);
        return list != null && list.isArray() ? (ArrayNode) list : JsonNodeFactory.instance.arrayNode();
    }

    static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return text.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A name as one path segment (URLEncoder's '+' for a space is a query's, not a path's). */
    private static String segment(String value) {
        return q(value).replace("+", "%20");
    }
}
