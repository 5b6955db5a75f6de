package dev.mooring.attach.messaging;

/**
 * The incoming channels of attach-svc, named in {@code mooring.kafka.consumes}; the kit maps each to its topic of the
 * catalogue and to attach-svc's dead-letter topic.
 */
public final class Channels {

    /** {@code mooring.volumes}: the provisioner's outcomes, which tell attach-svc what volumes exist. */
    public static final String VOLUMES = "volumes";

    /** {@code mooring.attachments}: attach and detach requests and their outcomes (attach-svc owns them). */
    public static final String ATTACHMENTS = "attachments";

    /** {@code mooring.pools}: the provisioner's cloud drives, to connect to their nodes. */
    public static final String POOLS = "pools";

    /** {@code mooring.nodes}: liveness, takeovers and recoveries from health-svc; identity moves from the provisioner. */
    public static final String NODES = "nodes";

    /** {@code mooring.arrays}: ActiveCluster pod status per array, which the paths of attached volumes follow. */
    public static final String ARRAYS = "arrays";

    private Channels() {
    }
}
