package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A host–volume connection ({@code GET /connections}). A host-group connection appears once per member
 * host, with {@code host_group} set. NVMe connections (Purity 6.6+) carry {@code nsid} instead of {@code lun}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Connection(Ref host, Ref hostGroup, Ref volume, Integer lun, Integer nsid, Ref protocolEndpoint) {

    public String hostName() {
        return Ref.nameOf(host);
    }

    public String hostGroupName() {
        return Ref.nameOf(hostGroup);
    }

    public String volumeName() {
        return Ref.nameOf(volume);
    }

    /** True when the connection was made through a host group. */
    public boolean isShared() {
        return hostGroupName() != null;
    }
}
