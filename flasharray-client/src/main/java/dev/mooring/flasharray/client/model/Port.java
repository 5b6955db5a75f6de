package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A target port ({@code GET /ports}). iSCSI ports have an {@code iqn} and a {@code portal} ({@code ip:3260});
 * NVMe ports an {@code nqn}; FC ports a {@code wwn} (upper case with colons) and no {@code nqn}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Port(String name, String iqn, String nqn, String portal, String wwn, String failover) {

    public boolean isIscsi() {
        return iqn != null && !iqn.isEmpty();
    }

    public boolean isNvme() {
        return nqn != null && !nqn.isEmpty();
    }

    public boolean isFc() {
        return wwn != null && !wwn.isEmpty() && !isNvme();
    }
}
