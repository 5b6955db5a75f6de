package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.Host;
import dev.mooring.flasharray.client.request.HostCreate;
import dev.mooring.flasharray.client.request.Initiators;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Host objects ({@code /hosts}): one per Kubernetes node and array, named with
 * {@link FlashArrayNames#hostNameFor(String)}. An initiator can belong to one host only ("already in use").
 */
public final class HostsApi extends ListingApi<Host> {

    HostsApi(Transport transport) {
        super(transport, "hosts", Host.class, null);
    }

    /** {@code POST /hosts?names=…} with initiators, personality and preferred arrays. */
    public Uni<Host> create(HostCreate spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        putList(body, "iqns", spec.initiators().iqns());
        putList(body, "wwns", spec.initiators().wwns());
        putList(body, "nqns", spec.initiators().nqns());
        if (spec.personality() != null) {
            body.put("personality", spec.personality());
        }
        if (!spec.preferredArrays().isEmpty()) {
            body.put("preferred_arrays", spec.preferredArrays().stream().map(ListingApi::ref).toList());
        }
        return transport.execute(Call.post("hosts").param("names", spec.name()).body(body).build(),
                transport.read.single(Host.class, spec.name()));
    }

    /** Adds initiators ({@code add_iqns}, {@code add_wwns}, {@code add_nqns}). */
    public Uni<Host> addInitiators(String name, Initiators initiators) {
        Map<String, Object> body = new LinkedHashMap<>();
        putList(body, "add_iqns", initiators.iqns());
        putList(body, "add_wwns", initiators.wwns());
        putList(body, "add_nqns", initiators.nqns());
        return patch(name, body, false);
    }

    /** Removes initiators ({@code remove_iqns}, …). */
    public Uni<Host> removeInitiators(String name, Initiators initiators) {
        Map<String, Object> body = new LinkedHashMap<>();
        putList(body, "remove_iqns", initiators.iqns());
        putList(body, "remove_wwns", initiators.wwns());
        putList(body, "remove_nqns", initiators.nqns());
        return patch(name, body, false);
    }

    /**
     * Replaces whole initiator lists: each protocol given (non-null, possibly empty) replaces the host's
     * list for it; a protocol not given is left alone. Safe to repeat.
     */
    public Uni<Host> replaceInitiators(String name, Initiators initiators) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (initiators.iqns() != null) {
            body.put("iqns", initiators.iqns());
        }
        if (initiators.wwns() != null) {
            body.put("wwns", initiators.wwns());
        }
        if (initiators.nqns() != null) {
            body.put("nqns", initiators.nqns());
        }
        return patch(name, body, true);
    }

    /** Puts the host into a host group ({@code host_group{name}}). A host belongs to at most one group. */
    public Uni<Host> setHostGroup(String name, String hostGroup) {
        FlashArrayNames.requireValidQualified(hostGroup);
        return patch(name, Map.of("host_group", ref(hostGroup)), false);
    }

    /** Takes the host out of its host group ({@code host_group{name:""}}). */
    public Uni<Host> clearHostGroup(String name) {
        return patch(name, Map.of("host_group", Map.of("name", "")), false);
    }

    /** Sets the arrays that give this host active/optimised paths (empty clears). Safe to repeat. */
    public Uni<Host> setPreferredArrays(String name, List<String> arrays) {
        return patch(name, Map.of("preferred_arrays", arrays.stream().map(ListingApi::ref).toList()), true);
    }

    /** Renames the host. */
    public Uni<Host> rename(String name, String newName) {
        FlashArrayNames.requireValidQualified(newName);
        return patch(name, Map.of("name", newName), false);
    }

    /** {@code DELETE /hosts}: the host must have no connections. */
    public Uni<Void> delete(String name) {
        return transport.execute(Call.delete("hosts").param("names", name).build(), ResponseReader.discard());
    }

    private Uni<Host> patch(String name, Map<String, Object> body, boolean absolute) {
        if (body.isEmpty()) {
            throw new IllegalArgumentException("nothing to change on host " + name);
        }
        Call.Builder c = Call.patch("hosts").param("names", name).body(body);
        if (absolute) {
            c.absoluteWrite();
        }
        return transport.execute(c.build(), transport.read.single(Host.class, name));
    }

    private static void putList(Map<String, Object> body, String key, List<String> values) {
        if (values != null && !values.isEmpty()) {
            body.put(key, values);
        }
    }
}
