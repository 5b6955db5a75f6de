package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One row of a membership listing: {@code GET /host-groups/hosts} ({@code group} = host group,
 * {@code member} = host), {@code GET /pods/members} or {@code /pods/arrays} ({@code pod}/{@code group} =
 * pod, {@code member} = array or realm).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Membership(Ref group, Ref pod, Ref member) {

    /** The container's name: {@code group} or {@code pod}, whichever the endpoint fills in. */
    public String containerName() {
        String g = Ref.nameOf(group);
        return g != null ? g : Ref.nameOf(pod);
    }

    public String memberName() {
        return Ref.nameOf(member);
    }
}
