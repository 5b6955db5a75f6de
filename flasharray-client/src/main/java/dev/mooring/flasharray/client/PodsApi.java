package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.Membership;
import dev.mooring.flasharray.client.model.Pod;
import dev.mooring.flasharray.client.request.PodCreate;
import dev.mooring.flasharray.client.request.PodPatch;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ActiveCluster pods ({@code /pods}, REST 2.1+). Stretching uses {@code /pods/members} when the
 * negotiated version is 2.36 or later and {@code /pods/arrays} before.
 */
public final class PodsApi extends ListingApi<Pod> {

    PodsApi(Transport transport) {
        super(transport, "pods", Pod.class, null);
    }

    /** {@code POST /pods?names=…} with failover preferences and quota. */
    public Uni<Pod> create(PodCreate spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!spec.failoverPreferences().isEmpty()) {
            body.put("failover_preferences", spec.failoverPreferences().stream().map(ListingApi::ref).toList());
        }
        if (spec.quotaLimit() != null) {
            body.put("quota_limit", spec.quotaLimit());
        }
        return transport.execute(Call.post("pods").param("names", spec.name()).body(body).build(),
                transport.read.single(Pod.class, spec.name()));
    }

    /** {@code PATCH /pods}: mediator, failover preferences, quota. Safe to repeat. */
    public Uni<Pod> patch(String name, PodPatch patch) {
        if (patch.isEmpty()) {
            throw new IllegalArgumentException("nothing to change on pod " + name);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (patch.mediator() != null) {
            body.put("mediator", patch.mediator());
        }
        if (patch.failoverPreferences() != null) {
            body.put("failover_preferences", patch.failoverPreferences().stream().map(ListingApi::ref).toList());
        }
        if (patch.quotaLimit() != null) {
            body.put("quota_limit", patch.quotaLimit());
        }
        return transport.execute(Call.patch("pods").param("names", name).absoluteWrite().body(body).build(),
                transport.read.single(Pod.class, name));
    }

    public Uni<Pod> setMediator(String name, String mediator) {
        return patch(name, PodPatch.empty().withMediator(mediator));
    }

    public Uni<Pod> setFailoverPreferences(String name, String... arrays) {
        return patch(name, PodPatch.empty().withFailoverPreferences(arrays));
    }

    /** Destroys an empty, unstretched pod. */
    public Uni<Pod> destroy(String name) {
        return destroy(name, false);
    }

    /** Destroys the pod; {@code destroyContents} destroys its volumes with it. */
    public Uni<Pod> destroy(String name, boolean destroyContents) {
        Call.Builder c = Call.patch("pods").param("names", name).body(Map.of("destroyed", true));
        if (destroyContents) {
            c.param("destroy_contents", true);
        }
        return transport.execute(c.build(), transport.read.single(Pod.class, name));
    }

    /** Recovers a destroyed pod. */
    public Uni<Pod> recover(String name) {
        return transport.execute(Call.patch("pods").param("names", name).body(Map.of("destroyed", false)).build(),
                transport.read.single(Pod.class, name));
    }

    /** {@code DELETE /pods}: eradicates a destroyed pod. */
    public Uni<Void> eradicate(String name) {
        return eradicate(name, false);
    }

    public Uni<Void> eradicate(String name, boolean eradicateContents) {
        Call.Builder c = Call.delete("pods").param("names", name);
        if (eradicateContents) {
            c.param("eradicate_contents", true);
        }
        return transport.execute(c.build(), ResponseReader.discard());
    }

    /** Stretches the pod to another array (or realm): {@code POST pods/members} (2.36+) or {@code pods/arrays}. */
    public Uni<List<Membership>> stretch(String pod, String array) {
        return membersCall(false, pod, array, false).chain(c -> transport.execute(c, transport.read.items(Membership.class)));
    }

    /** Removes an array from the pod; the array keeps a destroyed "restretch" copy. */
    public Uni<Void> unstretch(String pod, String array) {
        return unstretch(pod, array, false);
    }

    /** As {@link #unstretch(String, String)}; {@code withUnknown} allows it while the peer is unreachable. */
    public Uni<Void> unstretch(String pod, String array, boolean withUnknown) {
        return membersCall(true, pod, array, withUnknown).chain(c -> transport.execute(c, ResponseReader.discard()));
    }

    /** The arrays (and realms) the pod spans, from {@code pods/members} or {@code pods/arrays}. */
    public Uni<List<Membership>> listMembers(String pod) {
        return transport.restVersion().chain(v -> {
            Call c = usesMembers(v)
                    ? Call.get("pods/members").param("pod_names", pod).build()
                    : Call.get("pods/arrays").param("group_names", pod).build();
            return transport.execute(c, transport.read.items(Membership.class));
        });
    }

    /** The membership path the negotiated version uses: {@code pods/members} or {@code pods/arrays}. */
    public Uni<String> membersPath() {
        return transport.restVersion().map(v -> usesMembers(v) ? "pods/members" : "pods/arrays");
    }

    static boolean usesMembers(RestVersion v) {
        return v.atLeast(RestVersion.V2_36);
    }

    private Uni<Call> membersCall(boolean delete, String pod, String array, boolean withUnknown) {
        return transport.restVersion().map(v -> {
            Call.Builder c;
            if (usesMembers(v)) {
                c = (delete ? Call.delete("pods/members") : Call.post("pods/members")).param("pod_names", pod);
            } else {
                c = (delete ? Call.delete("pods/arrays") : Call.post("pods/arrays")).param("group_names", pod);
                if (withUnknown) {
                    c.param("with_unknown", true);
                }
            }
            return c.param("member_names", array).build();
        });
    }
}
