package dev.mooring.devstack.kubeapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request path that names served objects: a collection ({@code /api/v1/namespaces/default/persistentvolumeclaims},
 * {@code /api/v1/persistentvolumeclaims} across namespaces), one object ({@code …/persistentvolumeclaims/vm-disk})
 * or its {@code status} subresource.
 */
public record ResourcePath(ApiResource resource, String namespace, String name, String subresource) {

    /**
     * The resource path of a request path (without its query); empty for paths that name no resource (discovery);
     * a 404 for a resource the table does not hold.
     */
    public static Optional<ResourcePath> parse(String path) {
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        String group;
        String version;
        List<String> rest;
        if (segments.size() >= 2 && segments.get(0).equals("api")) {
            group = "";
            version = segments.get(1);
            rest = segments.subList(2, segments.size());
        } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            version = segments.get(2);
            rest = segments.subList(3, segments.size());
        } else {
            return Optional.empty();
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            Optional<ApiResource> inNamespace = ApiResources.find(group, version, rest.get(2)).filter(ApiResource::namespaced);
            if (inNamespace.isPresent()) {
                return Optional.of(named(inNamespace.get(), rest.get(1), rest.subList(3, rest.size())));
            }
        }
        ApiResource resource = find(group, version, rest.get(0));
        if (resource.namespaced() && rest.size() > 1) {
            throw notServed(); // a namespaced object is only reachable under its namespace
        }
        return Optional.of(named(resource, null, rest.subList(1, rest.size())));
    }

    private static ResourcePath named(ApiResource resource, String namespace, List<String> tail) {
        if (tail.size() > 2 || (tail.size() == 2 && !(tail.get(1).equals("status") && resource.statusSubresource()))) {
            throw notServed();
        }
        return new ResourcePath(resource, namespace, tail.isEmpty() ? null : tail.get(0), tail.size() == 2 ? tail.get(1) : null);
    }

    private static ApiResource find(String group, String version, String plural) {
        return ApiResources.find(group, version, plural).orElseThrow(ResourcePath::notServed);
    }

    private static ApiException notServed() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null, null);
    }

    public boolean isCollection() {
        return name == null;
    }

    public boolean isStatus() {
        return "status".equals(subresource);
    }

    /** The path of this object (or collection) in the store, under the resource that stores it. */
    public String storePath() {
        ApiResource stored = resource.storage();
        StringBuilder path = new StringBuilder(stored.pathPrefix());
        if (namespace != null) {
            path.append("/namespaces/").append(namespace);
        }
        path.append('/').append(stored.plural());
        if (name != null) {
            path.append('/').append(name);
        }
        if (subresource != null) {
            path.append('/').append(subresource);
        }
        return path.toString();
    }

    /** The same object without the subresource. */
    public ResourcePath object() {
        return new ResourcePath(resource, namespace, name, null);
    }

    /** The collection this object is in. */
    public ResourcePath collection() {
        return new ResourcePath(resource, namespace, null, null);
    }

    /** The path of a namespace object, to check that it exists. */
    public static ResourcePath namespaceObject(String name) {
        return new ResourcePath(ApiResources.find("", "v1", "namespaces").orElseThrow(), null, name, null);
    }
}
