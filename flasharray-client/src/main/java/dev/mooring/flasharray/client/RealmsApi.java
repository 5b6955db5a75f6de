package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.Realm;

/** Realms (secure multi-tenancy, {@code /realms}, REST 2.36+). */
public final class RealmsApi extends ListingApi<Realm> {

    RealmsApi(Transport transport) {
        super(transport, "realms", Realm.class, RestVersion.V2_36);
    }
}
