package dev.mooring.flasharray.client.error;

/**
 * What a failed call means for the state of the array, classified as the Kubernetes CSI
 * external-provisioner classifies its failures.
 */
public enum Outcome {
    /**
     * The array answered and refused the request (a 4xx other than 429): it did not happen, and sending
     * the same request again will not change that.
     */
    FINAL,
    /**
     * The array did not act on the request, but the same request may succeed later: HTTP 429 (rate
     * limited), or the connection was refused before anything was sent.
     */
    NOT_APPLIED_RETRYABLE,
    /**
     * The request may or may not have taken effect: a timeout, a connection dropped after the request was
     * sent, or a 5xx. Before trying again, look the object up by its deterministic name.
     */
    MAY_HAVE_HAPPENED;

    /** True when sending the same request again could succeed. */
    public boolean retryable() {
        return this != FINAL;
    }
}
