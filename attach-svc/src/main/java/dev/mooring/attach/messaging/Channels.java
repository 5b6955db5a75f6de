package dev.mooring.attach.messaging;

/** The incoming channels of attach-svc; application.properties maps each to its topic and dead-letter topic. */
public final class Channels {

    /** {@code mooring.volumes}: the provisioner's outcomes, which tell attach-svc what volumes exist. */
    public static final String VOLUMES = "volumes";

    /** {@code mooring.attachments}: attach and detach requests and their outcomes (attach-svc owns them). */
    public static final String ATTACHMENTS = "attachments";

    private Channels() {
    }
}
