package dev.mooring.kit.arrays;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where a service finds its FlashArrays (pure.json) and how it talks to them. */
@ConfigMapping(prefix = "mooring.arrays")
public interface ArraysConfig {

    /** Where pure.json comes from: the Kubernetes Secret, a file, or nowhere (services without arrays). */
    @WithDefault("none")
    Source source();

    enum Source { secret, file, none }

    /**
     * Whether the service is not ready while no array is registered: true for services whose work is on the arrays;
     * false for one that only reads them now and then (topology-svc's disaster recovery), which must stay ready.
     */
    @WithDefault("true")
    boolean requiredForReadiness();

    /** The Secret holding pure.json, as Portworx keeps it. */
    SecretRef secret();

    /** With {@code source=file}: the pure.json file; re-read when it changes. */
    Optional<Path> pureJsonFile();

    /** Trust for the arrays' HTTPS certificates. */
    Tls tls();

    /** Arrays older than this Purity//FA version are refused (REST 2 drivers need 6.1.0). */
    @WithDefault("6.1.0")
    String minimumPurityVersion();

    /** How often unregistered arrays are tried again (and a pure.json file checked for changes). */
    @WithDefault("10s")
    Duration recheckInterval();

    /** How long free capacity figures are reused before the arrays are asked again. */
    @WithDefault("2s")
    Duration spaceCacheTtl();

    /** Requests in flight per array at most; further ones queue. */
    @WithDefault("8")
    int maxConcurrentRequests();

    /** Time limit of one request to an array. */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * Attempts at one array operation (create, connect, disconnect, resize…) when its failures may have happened or
     * were not applied (timeouts, 5xx, 429), before it gives up with the stable reason {@code ArrayUnavailable}.
     */
    @WithDefault("5")
    int attempts();

    /** Wait before the second attempt; it doubles for each further one (a 429's Retry-After wins when longer). */
    @WithDefault("500ms")
    Duration retryBackoff();

    interface SecretRef {
        /** The Secret's namespace. */
        @WithDefault("kube-system")
        String namespace();

        /** The Secret's name. */
        @WithDefault("px-pure-secret")
        String name();

        /** The Secret's key that holds pure.json. */
        @WithDefault("pure.json")
        String key();
    }

    interface Tls {
        /** PEM file of the CA or certificate(s) that the arrays' certificates must chain to. */
        Optional<Path> caFile();

        /** Accept any certificate (arrays with self-signed certificates, the simulator). Never in production. */
        @WithDefault("false")
        boolean insecure();
    }
}
