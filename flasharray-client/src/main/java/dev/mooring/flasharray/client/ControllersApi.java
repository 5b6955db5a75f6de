package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.Controller;

/** Controllers ({@code /controllers}): mode (primary/secondary), model, status. */
public final class ControllersApi extends ListingApi<Controller> {

    ControllersApi(Transport transport) {
        super(transport, "controllers", Controller.class, null);
    }
}
