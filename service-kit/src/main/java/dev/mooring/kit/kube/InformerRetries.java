package dev.mooring.kit.kube;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

/**
 * One rule for every informer of the services: a failed list or watch is retried, at start as later, and said at
 * WARN. fabric8's default gives up on an informer whose first list failed (a slow API server at start, a timeout),
 * logging at ERROR, and the service would then watch nothing.
 */
public final class InformerRetries {

    private static final Logger LOG = Logger.getLogger(InformerRetries.class);

    private InformerRetries() {
    }

    /** Makes {@code informer} retry after any failure; {@code what} names it in the log ("PersistentVolumeClaims"). */
    public static <T> SharedIndexInformer<T> keepRetrying(SharedIndexInformer<T> informer, String what) {
        informer.exceptionHandler((started, error) -> {
            LOG.warnf("Watching %s failed (%s), retrying: %s", what, started ? "while watching" : "at start", error.toString());
            return true;
        });
        return informer;
    }
}
