package dev.mooring.flasharray.client;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What one client shares between its concurrent calls: the negotiated REST version and the session, each made
 * once for every caller waiting on it (a failed attempt is forgotten, so the next caller tries again), and the last
 * session tokens issued, so that no text from the array can carry one into a log or an exception.
 */
final class SessionCache {

    private static final int TOKENS_KEPT = 8;

    private final Object lock = new Object();
    private CompletableFuture<RestVersion> version;
    private CompletableFuture<SessionToken> session;
    private final ArrayDeque<String> knownTokens = new ArrayDeque<>();

    /** The shared version; {@code negotiate} runs when there is none (a failure is forgotten before it is told). */
    CompletableFuture<RestVersion> version(Supplier<CompletionStage<RestVersion>> negotiate) {
        CompletableFuture<RestVersion> cf;
        synchronized (lock) {
            if (version != null) {
                return version;
            }
            version = new CompletableFuture<>();
            cf = version;
        }
        negotiate.get().whenComplete((v, e) -> {
            if (e != null) {
                synchronized (lock) {
                    if (version == cf) {
                        version = null;
                    }
                }
                cf.completeExceptionally(e);
            } else {
                cf.complete(v);
            }
        });
        return cf;
    }

    /** The shared session; {@code login} runs when there is none (a failure is forgotten before it is told). */
    CompletableFuture<SessionToken> session(Supplier<CompletionStage<SessionToken>> login) {
        CompletableFuture<SessionToken> cf;
        synchronized (lock) {
            if (session != null) {
                return session;
            }
            session = new CompletableFuture<>();
            cf = session;
        }
        login.get().whenComplete((t, e) -> {
            if (e != null) {
                synchronized (lock) {
                    if (session == cf) {
                        session = null;
                    }
                }
                cf.completeExceptionally(e);
            } else {
                cf.complete(t);
            }
        });
        return cf;
    }

    /** Forgets the session if it is still {@code tok}, so the next call logs in again (once for all). */
    void invalidate(SessionToken tok) {
        synchronized (lock) {
            CompletableFuture<SessionToken> cf = session;
            if (cf != null && cf.isDone() && !cf.isCompletedExceptionally() && cf.getNow(null) == tok) {
                session = null;
            }
        }
    }

    /** Takes the session away (for a logout); null when there is none. */
    CompletableFuture<SessionToken> takeSession() {
        synchronized (lock) {
            CompletableFuture<SessionToken> cf = session;
            session = null;
            return cf;
        }
    }

    /** Remembers a token the array issued, for {@link #scrub}. */
    void remember(String token) {
        synchronized (lock) {
            knownTokens.addLast(token);
            while (knownTokens.size() > TOKENS_KEPT) {
                knownTokens.removeFirst();
            }
        }
    }

    /** {@code text} without the API token or any session token known to this client. */
    String scrub(String text, ApiToken apiToken) {
        if (text == null) {
            return null;
        }
        String out = text.replace(apiToken.reveal(), "****");
        synchronized (lock) {
            for (String t : knownTokens) {
                out = out.replace(t, "****");
            }
        }
        return out;
    }

    List<String> tokens() {
        synchronized (lock) {
            return List.copyOf(knownTokens);
        }
    }
}
