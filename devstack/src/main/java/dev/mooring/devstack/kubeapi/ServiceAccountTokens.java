package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's part in proving which pod, and so which node, a caller runs on: the kubelet asks for a
 * ServiceAccount token bound to a pod ({@code TokenRequest}, the projected volume's source), and whoever is shown the
 * token asks the API server who it belongs to ({@code TokenReview}). A review answers the ServiceAccount's user name
 * and, as Kubernetes 1.30+ does, the pod and its node in {@code extra}; a token for another audience, past its
 * expiry, or whose pod is gone is not authenticated. Tokens are opaque random strings here, not signed JWTs: only
 * this server reads them.
 */
final class ServiceAccountTokens {

    static final String POD_NAME = "authentication.kubernetes.io/pod-name";
    static final String POD_UID = "authentication.kubernetes.io/pod-uid";
    static final String NODE_NAME = "authentication.kubernetes.io/node-name";

    private static final Pattern TOKEN_REQUEST = Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/token");
    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";

    private record Issued(String namespace, String serviceAccount, String podName, String podUid, Set<String> audiences,
                          Instant expires) {
    }

    private final ObjectMapper json;
    private final ObjectStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    ServiceAccountTokens(ObjectMapper json, ObjectStore store, Clock clock) {
        this.json = json;
        this.store = store;
        this.clock = clock;
    }

    /** The answer when {@code path} is a token request or review; empty for any other request. */
    Optional<Reply> handle(String method, String path, byte[] body) {
        Matcher request = TOKEN_REQUEST.matcher(path);
        boolean review = path.equals(TOKEN_REVIEWS);
        if (!request.matches() && !review) {
            return Optional.empty();
        }
        if (!method.equals("POST")) {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                    null, null);
        }
        JsonNode object = parse(body);
        return Optional.of(review ? review(object) : issue(request.group(1), request.group(2), object));
    }

    private Reply issue(String namespace, String serviceAccount, JsonNode tokenRequest) {
        JsonNode spec = tokenRequest.path("spec");
        JsonNode bound = spec.path("boundObjectRef");
        if (!bound.path("kind").asText().equals("Pod")) {
            throw ApiException.badRequest("spec.boundObjectRef: this server issues tokens bound to a Pod only");
        }
        ObjectNode pod = pod(namespace, bound.path("name").asText()).orElseThrow(() -> ApiException.badRequest(
                "spec.boundObjectRef: pod " + namespace + "/" + bound.path("name").asText() + " not found"));
        if (!pod.path("spec").path("serviceAccountName").asText().equals(serviceAccount)) {
            throw ApiException.badRequest("spec.boundObjectRef: pod " + bound.path("name").asText()
                    + " does not run as ServiceAccount " + serviceAccount);
        }
        long seconds = spec.path("expirationSeconds").asLong(3600);
        Set<String> audiences = new HashSet<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expires = clock.instant().plusSeconds(seconds);
        issued.put(token, new Issued(namespace, serviceAccount, bound.path("name").asText(),
                pod.path("metadata").path("uid").asText(), audiences, expires));
        ObjectNode answer = json.createObjectNode().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
        answer.set("spec", spec);
        answer.putObject("status").put("token", token).put("expirationTimestamp", expires.toString());
        return Reply.json(201, answer);
    }

    private Reply review(JsonNode tokenReview) {
        JsonNode spec = tokenReview.path("spec");
        ObjectNode answer = json.createObjectNode().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
        answer.set("spec", spec);
        ObjectNode status = answer.putObject("status");
        Issued token = issued.get(spec.path("token").asText());
        List<String> asked = json.convertValue(spec.path("audiences").isMissingNode() ? json.createArrayNode()
                : spec.path("audiences"), json.getTypeFactory().constructCollectionType(List.class, String.class));
        Optional<ObjectNode> pod = token == null ? Optional.empty() : pod(token.namespace(), token.podName())
                .filter(p -> p.path("metadata").path("uid").asText().equals(token.podUid()));
        if (token == null || clock.instant().isAfter(token.expires())) {
            status.put("authenticated", false).put("error", "invalid bearer token");
            return Reply.json(201, answer);
        }
        if (!asked.isEmpty() && asked.stream().noneMatch(token.audiences()::contains)) {
            status.put("authenticated", false).put("error", "token audiences " + token.audiences()
                    + " is invalid for the target audiences " + asked);
            return Reply.json(201, answer);
        }
        if (pod.isEmpty()) {
            status.put("authenticated", false).put("error", "pod " + token.podName() + " is gone: the token is no longer valid");
            return Reply.json(201, answer);
        }
        status.put("authenticated", true);
        ObjectNode user = status.putObject("user");
        user.put("username", "system:serviceaccount:" + token.namespace() + ":" + token.serviceAccount());
        ArrayNode groups = user.putArray("groups");
        groups.add("system:serviceaccounts").add("system:serviceaccounts:" + token.namespace()).add("system:authenticated");
        ObjectNode extra = user.putObject("extra");
        extra.putArray(POD_NAME).add(token.podName());
        extra.putArray(POD_UID).add(token.podUid());
        extra.putArray(NODE_NAME).add(pod.get().path("spec").path("nodeName").asText());
        ArrayNode audiences = status.putArray("audiences");
        (asked.isEmpty() ? token.audiences() : asked).forEach(audiences::add);
        return Reply.json(201, answer);
    }

    private Optional<ObjectNode> pod(String namespace, String name) {
        return ResourcePath.parse("/api/v1/namespaces/" + namespace + "/pods/" + name)
                .flatMap(path -> store.get(path.storePath()));
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
        }
    }
}
