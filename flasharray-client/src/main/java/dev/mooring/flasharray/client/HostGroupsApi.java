package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.HostGroup;
import dev.mooring.flasharray.client.model.Membership;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/** Host groups ({@code /host-groups}) and their members ({@code /host-groups/hosts}). */
public final class HostGroupsApi extends ListingApi<HostGroup> {

    HostGroupsApi(Transport transport) {
        super(transport, "host-groups", HostGroup.class, null);
    }

    /** {@code POST /host-groups?names=…}. */
    public Uni<HostGroup> create(String name) {
        FlashArrayNames.requireValidQualified(name);
        return transport.execute(Call.post("host-groups").param("names", name).body(Map.of()).build(),
                transport.read.single(HostGroup.class, name));
    }

    /** {@code DELETE /host-groups?names=…}. */
    public Uni<Void> delete(String name) {
        return transport.execute(Call.delete("host-groups").param("names", name).build(), ResponseReader.discard());
    }

    /** {@code POST /host-groups/hosts?group_names=g&member_names=h1,h2}. */
    public Uni<List<Membership>> addMembers(String group, List<String> hosts) {
        return transport.execute(Call.post("host-groups/hosts").param("group_names", group)
                .param("member_names", requireNonEmpty(hosts)).build(), transport.read.items(Membership.class));
    }

    /** {@code DELETE /host-groups/hosts?group_names=g&member_names=h1,h2}. */
    public Uni<Void> removeMembers(String group, List<String> hosts) {
        return transport.execute(Call.delete("host-groups/hosts").param("group_names", group)
                .param("member_names", requireNonEmpty(hosts)).build(), ResponseReader.discard());
    }

    /** The names of the group's member hosts ({@code GET /host-groups/hosts?group_names=g}). */
    public Uni<List<String>> listMembers(String group) {
        return transport.execute(Call.get("host-groups/hosts").param("group_names", group).build(),
                transport.read.items(Membership.class)).map(ms -> ms.stream().map(Membership::memberName).toList());
    }

    private static List<String> requireNonEmpty(List<String> hosts) {
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one host");
        }
        return hosts;
    }
}
