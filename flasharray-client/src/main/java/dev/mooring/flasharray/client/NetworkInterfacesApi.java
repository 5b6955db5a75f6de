package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.NetworkInterface;

/** Network interfaces ({@code /network-interfaces}, REST 2.4+): addresses and services. */
public final class NetworkInterfacesApi extends ListingApi<NetworkInterface> {

    NetworkInterfacesApi(Transport transport) {
        super(transport, "network-interfaces", NetworkInterface.class, RestVersion.V2_4);
    }
}
