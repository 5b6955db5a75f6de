package dev.mooring.flasharray.client.error;

import java.util.Objects;
import java.util.Optional;

/**
 * Base of every failure the FlashArray client reports.
 *
 * <p>It carries the array endpoint, the operation (HTTP method and path, never a header, token or
 * query string), the HTTP status (0 when no response arrived), the array's own message and context
 * (usually the object name), the {@code X-Request-ID} that was sent, and the {@link Outcome}.
 * No secret (API token, session token) ever appears in it.
 */
public class FlashArrayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String operation;
    private final int status;
    private final String arrayMessage;
    private final String arrayContext;
    private final String requestId;
    private final Outcome outcome;

    public FlashArrayException(Details details, Outcome outcome) {
        this(details, outcome, null);
    }

    public FlashArrayException(Details details, Outcome outcome, Throwable cause) {
        super(details.describe(), cause);
        this.endpoint = details.endpoint();
        this.operation = details.operation();
        this.status = details.status();
        this.arrayMessage = details.arrayMessage();
        this.arrayContext = details.arrayContext();
        this.requestId = details.requestId();
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /** The array's management endpoint as configured, e.g. {@code 10.0.0.10:443}. */
    public String endpoint() {
        return endpoint;
    }

    /** Method and path of the call, e.g. {@code POST /api/2.26/volumes}; never a query string or header. */
    public String operation() {
        return operation;
    }

    /** HTTP status, or 0 when no response arrived (timeout, connection failure). */
    public int status() {
        return status;
    }

    /** The message the array returned, if any. */
    public Optional<String> arrayMessage() {
        return Optional.ofNullable(arrayMessage);
    }

    /** The context the array returned with its message (usually the object name), if any. */
    public Optional<String> arrayContext() {
        return Optional.ofNullable(arrayContext);
    }

    /** The {@code X-Request-ID} sent with the request, for correlation with the array's logs. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** What this failure means for the array's state: see {@link Outcome}. */
    public Outcome outcome() {
        return outcome;
    }

    /** True when the array may have applied the request: look the object up before retrying. */
    public boolean mayHaveHappened() {
        return outcome == Outcome.MAY_HAVE_HAPPENED;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + getMessage() + ", outcome=" + outcome + "]";
    }

    /**
     * The facts of one failed call, used to build an exception.
     *
     * @param endpoint     the array endpoint
     * @param operation    method and path, without query string
     * @param status       HTTP status, 0 when none
     * @param arrayMessage message from the array, may be null
     * @param arrayContext context from the array, may be null
     * @param requestId    the X-Request-ID sent, may be null
     * @param description  what the client says happened when the array gave no message, may be null
     */
    public record Details(String endpoint, String operation, int status, String arrayMessage,
                          String arrayContext, String requestId, String description) {

        /** Details of a failure that happened before or without any HTTP exchange. */
        public static Details local(String endpoint, String operation, String description) {
            return new Details(endpoint, operation, 0, null, null, null, description);
        }

        /** The same details with the request id set. */
        public Details withRequestId(String id) {
            return new Details(endpoint, operation, status, arrayMessage, arrayContext, id, description);
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            if (arrayMessage != null && !arrayMessage.isBlank()) {
                sb.append(arrayMessage);
                if (description != null && !description.isBlank()) {
                    sb.append(" (").append(description).append(')');
                }
            } else if (description != null && !description.isBlank()) {
                sb.append(description);
            } else {
                sb.append("FlashArray call failed");
            }
            sb.append(" [array=").append(endpoint);
            if (operation != null) {
                sb.append(", operation=").append(operation);
            }
            if (status > 0) {
                sb.append(", status=").append(status);
            }
            if (arrayContext != null && !arrayContext.isBlank()) {
                sb.append(", context=").append(arrayContext);
            }
            if (requestId != null) {
                sb.append(", request-id=").append(requestId);
            }
            return sb.append(']').toString();
        }
    }
}
