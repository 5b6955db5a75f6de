package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One row of a membership listing: {@code GET /host-groups/hosts} ({@code group} = host group,
 * {@code member} = host), {@code GET /pods/members} ({@code pod}) or {@code /pods/arrays} ({@code group}),
 * where {@code member} is an array (or realm). The REST models of these rows ({@code MemberNoIdAll}, {@code Member},
 * {@code PodMember}) hold references only, so the status fields are null from an array that follows them; an array's
 * view of a pod is in {@link Pod#arrays()}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Membership(Ref group, Ref pod, Ref member, String status, String mediatorStatus, Boolean preElected,
                         Long frozenAt, Double progress) {

    /** The container's name: {@code group} or {@code pod}, whichever the endpoint fills in. */
    public String containerName() {
        String g = Ref.nameOf(group);
        return g != null ? g : Ref.nameOf(pod);
    }

    public String memberName() {
        return Ref.nameOf(member);
    }
}
