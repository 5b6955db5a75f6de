package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A host object ({@code GET /hosts}). WWNs come back upper case without colons. There is no top-level id.
 *
 * @param personality null for Linux
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Host(String name, List<String> iqns, List<String> wwns, List<String> nqns, Ref hostGroup,
                   Integer connectionCount, Boolean isLocal, String personality, List<Ref> preferredArrays,
                   PortConnectivity portConnectivity, Boolean destroyed, Long timeRemaining, Space space,
                   String vlan) {

    public Host {
        iqns = iqns == null ? List.of() : List.copyOf(iqns);
        wwns = wwns == null ? List.of() : List.copyOf(wwns);
        nqns = nqns == null ? List.of() : List.copyOf(nqns);
        preferredArrays = preferredArrays == null ? List.of() : List.copyOf(preferredArrays);
    }

    /** The host group name, or null. */
    public String hostGroupName() {
        return Ref.nameOf(hostGroup);
    }

    /** {@code port_connectivity}: {@code healthy}, {@code unhealthy} or {@code critical}, with details. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PortConnectivity(String status, String details) {
    }
}
