package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayAuthenticationException;
import dev.mooring.flasharray.client.error.FlashArrayBadRequestException;
import dev.mooring.flasharray.client.error.FlashArrayDestroyedException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayException.Details;
import dev.mooring.flasharray.client.error.FlashArrayForbiddenException;
import dev.mooring.flasharray.client.error.FlashArrayInUseException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException;
import dev.mooring.flasharray.client.error.FlashArrayTlsException;
import dev.mooring.flasharray.client.error.FlashArrayUnavailableException;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.flasharray.client.error.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Maps an array answer (status + message) or a transport failure to a typed exception, the way the CSI
 * external-provisioner classifies failures. The message fragments are those of flasharray-api.md §8,
 * matched as case-insensitive substrings, most specific first.
 */
final class ErrorClassifier {

    /** What a failure is, before it becomes an exception. */
    enum Kind {
        NOT_FOUND, ALREADY_EXISTS, IN_USE, DESTROYED, BAD_REQUEST, AUTHENTICATION, FORBIDDEN, UNSUPPORTED,
        RATE_LIMITED, UNAVAILABLE
    }

    private record Rule(String fragment, Kind kind) {
    }

    /** Ordered: the first fragment found wins. */
    static final List<Rule> RULES = List.of(
            new Rule("Connection already exists", Kind.ALREADY_EXISTS),
            new Rule("Connection does not exist", Kind.NOT_FOUND),
            new Rule("cannot be deleted due to existing connections", Kind.IN_USE),
            // Variants of the same refusal: "cannot be destroyed due to existing connections", …
            new Rule("due to existing connections", Kind.IN_USE),
            new Rule("already in use", Kind.IN_USE),
            new Rule("already belongs to", Kind.IN_USE),
            new Rule("already has a private connection", Kind.IN_USE),
            new Rule("is already connected to", Kind.IN_USE),
            new Rule("still has member", Kind.IN_USE),
            new Rule("still contains", Kind.IN_USE),
            new Rule("is not empty", Kind.IN_USE),
            new Rule("already exists", Kind.ALREADY_EXISTS),
            new Rule("is already a member", Kind.ALREADY_EXISTS),
            new Rule("has been destroyed", Kind.DESTROYED),
            new Rule("has been deleted", Kind.DESTROYED),
            new Rule("does not exist", Kind.NOT_FOUND),
            new Rule("No such volume or snapshot", Kind.NOT_FOUND),
            new Rule("could not be found", Kind.NOT_FOUND),
            new Rule("is not connected", Kind.NOT_FOUND),
            new Rule("is not a member", Kind.NOT_FOUND),
            new Rule("Server is busy", Kind.UNAVAILABLE));

    private ErrorClassifier() {
    }

    /** Classifies an HTTP answer that was not a success. */
    static Kind classify(int status, String message) {
        if (status == 401) {
            return Kind.AUTHENTICATION;
        }
        if (status == 403) {
            return Kind.FORBIDDEN;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.UNAVAILABLE;
        }
        if (message != null) {
            String m = message.toLowerCase(Locale.ROOT);
            for (Rule r : RULES) {
                if (m.contains(r.fragment().toLowerCase(Locale.ROOT))) {
                    return r.kind();
                }
            }
        }
        if (status == 404) {
            // A 404 is a bad path or REST version, never a missing object (those are 400 "does not exist").
            return Kind.UNSUPPORTED;
        }
        return Kind.BAD_REQUEST;
    }

    /** The exception for an HTTP answer that was not a success. */
    static FlashArrayException fromResponse(Details d, FlashArrayRateLimitedException.RateLimit rateLimit) {
        Kind kind = classify(d.status(), d.arrayMessage());
        return switch (kind) {
            case NOT_FOUND -> new FlashArrayNotFoundException(d);
            case ALREADY_EXISTS -> new FlashArrayAlreadyExistsException(d);
            case IN_USE -> new FlashArrayInUseException(d);
            case DESTROYED -> new FlashArrayDestroyedException(d);
            case BAD_REQUEST -> new FlashArrayBadRequestException(d);
            case AUTHENTICATION -> new FlashArrayAuthenticationException(d);
            case FORBIDDEN -> new FlashArrayForbiddenException(d);
            case UNSUPPORTED -> new FlashArrayUnsupportedException(d);
            case RATE_LIMITED -> new FlashArrayRateLimitedException(d, rateLimit);
            case UNAVAILABLE -> new FlashArrayUnavailableException(d, Outcome.MAY_HAVE_HAPPENED);
        };
    }

    /**
     * The exception for a call that got no HTTP answer. A refused connection (or an unknown host, or a
     * connect timeout) means nothing was sent; a TLS handshake failure is a trust problem; anything else
     * (timeout, reset, closed) may have reached the array.
     */
    static FlashArrayException fromTransport(Details d, Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return new FlashArrayTlsException(withDescription(d, "TLS handshake failed: " + safeMessage(t)), failure);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                // io.netty's ConnectTimeoutException is a ConnectException too: nothing was sent.
                return new FlashArrayUnavailableException(
                        withDescription(d, "cannot connect: " + safeMessage(t)), Outcome.NOT_APPLIED_RETRYABLE, failure);
            }
            if (t instanceof TimeoutException) {
                return new FlashArrayUnavailableException(
                        withDescription(d, "timed out: " + safeMessage(t)), Outcome.MAY_HAVE_HAPPENED, failure);
            }
        }
        String what = failure instanceof IOException || failure instanceof io.vertx.core.VertxException
                ? "connection failed: " : "request failed: ";
        return new FlashArrayUnavailableException(withDescription(d, what + safeMessage(failure)),
                Outcome.MAY_HAVE_HAPPENED, failure);
    }

    private static Details withDescription(Details d, String description) {
        return new Details(d.endpoint(), d.operation(), d.status(), d.arrayMessage(), d.arrayContext(),
                d.requestId(), description);
    }

    private static String safeMessage(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }
}
