package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.Port;

/** Target ports ({@code /ports}): iSCSI IQN and portal, NVMe NQN, FC WWN. */
public final class PortsApi extends ListingApi<Port> {

    PortsApi(Transport transport) {
        super(transport, "ports", Port.class, null);
    }
}
