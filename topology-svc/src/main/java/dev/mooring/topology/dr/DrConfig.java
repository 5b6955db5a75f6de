package dev.mooring.topology.dr;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Disaster recovery across two clusters: this installation's cluster domain, its pairing with the other domain, the
 * witness in the third site. Without {@code mooring.dr.domain} the installation is no cluster domain and every DR
 * endpoint answers that it is not configured.
 */
@ConfigMapping(prefix = "mooring.dr")
public interface DrConfig {

    /** This installation's cluster domain (as Portworx's {@code -cluster_domain}), e.g. {@code site-a}; set at install. */
    Optional<String> domain();

    /**
     * The state this domain starts in the first time it runs ({@code active} or {@code inactive}); afterwards its
     * stored state stands. Install the first site active and the second inactive.
     */
    @WithDefault("active")
    String initialState();

    /**
     * The Secret (in {@code mooring.dr.namespace}) that pairs this domain with the other: keys {@code domain} (its
     * name), {@code endpoint} (its topology-svc URL), {@code token} (a bearer token it accepts), optional
     * {@code ca.crt} (PEM that signs its certificate) and {@code kubeconfig} (its Kubernetes API, for migrations).
     */
    @WithDefault("mooring-cluster-pair")
    String pairSecret();

    /** Where the pairing Secret, ClusterPairs and MigrationSchedules' Secrets live. */
    @WithDefault("mooring")
    String namespace();

    /**
     * The FlashArrays at this domain's site, by array name (comma-separated): the Mediator's verdict for this site is
     * whether a stretched pod is online on one of them.
     */
    Optional<java.util.List<String>> arrays();

    /** How often each replica reads this domain's stored state again (another replica may have changed it). */
    @WithDefault("2s")
    Duration refreshInterval();

    /** How often this domain asks the other whether it was activated after this one, to step down if so. */
    @WithDefault("10s")
    Duration peerCheckInterval();

    /** The witness in the third site (an HTTP(S) URL that answers 2xx while that site is up); none: not checked. */
    Optional<String> witnessUrl();

    /** How long a call to the other domain or the witness may take before it counts as unreachable. */
    @WithDefault("5s")
    Duration callTimeout();

    /** The oldest a namespace's last successful migration may be for a failover to go ahead without {@code force}. */
    @WithDefault("1h")
    Duration maxMigrationAge();
}
