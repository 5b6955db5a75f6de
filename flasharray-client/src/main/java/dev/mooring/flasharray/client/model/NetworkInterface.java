package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A network interface ({@code GET /network-interfaces}, REST 2.4+).
 *
 * @param interfaceType {@code eth} or {@code fc}
 * @param speed         bits per second (as observed in array data)
 * @param services      {@code iscsi}, {@code management}, {@code nvme-tcp}, {@code replication}, …
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkInterface(String name, Boolean enabled, String interfaceType, Long speed,
                               List<String> services, Eth eth, Fc fc) {

    public NetworkInterface {
        services = services == null ? List.of() : List.copyOf(services);
    }

    public boolean hasService(String service) {
        return services.contains(service);
    }

    /** Ethernet settings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Eth(String address, String netmask, String gateway, Integer mtu, String macAddress,
                      Integer vlan, String subtype, Ref subnet) {
    }

    /** Fibre Channel settings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fc(String wwn) {
    }
}
