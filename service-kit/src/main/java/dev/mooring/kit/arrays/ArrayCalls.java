package dev.mooring.kit.arrays;

import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException;
import dev.mooring.flasharray.client.error.Outcome;
import dev.mooring.kit.background.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one executor of array operations, for every service: the rule that makes a call to an array safe to repeat.
 * It runs the call; when the call fails in a way that <em>may have happened</em> (a timeout, a dropped connection, a
 * 5xx) it looks the object up by its deterministic name before doing anything again; an "already exists" of our name
 * is success; a call the array <em>did not apply</em> (429, connection refused) is sent again after the array's
 * {@code Retry-After} or a doubling backoff; a refusal is final at once; and after a bounded number of attempts it
 * gives up with the stable reason {@code ArrayUnavailable}. Waits are Vert.x timers, so the work after them stays on
 * the caller's context (Hibernate Reactive needs it).
 *
 * <pre>{@code
 * calls.operation("create " + name + " on " + array, () -> client.volumes().create(spec))
 *      .lookingUp(() -> client.volumes().find(name))
 *      .run()                                       // Uni<ArrayResult<Volume>>
 * }</pre>
 */
@ApplicationScoped
public class ArrayCalls {

    private static final Logger LOG = Logger.getLogger(ArrayCalls.class);

    @Inject
    ArraysConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    @Inject
    ArrayMeters arrayMeters;

    /** An operation to run: {@code what} names it (array and object) in logs and messages. */
    public <T> Operation<T> operation(String what, Supplier<Uni<T>> call) {
        return new Operation<>(this, what, call, null, failure -> false, config.attempts(), config.retryBackoff());
    }

    /** An operation being configured; {@link #run} starts it. */
    public static final class Operation<T> {
        private final ArrayCalls calls;
        private final String what;
        private final Supplier<Uni<T>> call;
        private final Supplier<Uni<Optional<T>>> lookup;
        private final Predicate<Throwable> retryAlso;
        private final int attempts;
        private final Duration backoff;

        private Operation(ArrayCalls calls, String what, Supplier<Uni<T>> call, Supplier<Uni<Optional<T>>> lookup,
                          Predicate<Throwable> retryAlso, int attempts, Duration backoff) {
            this.calls = calls;
            this.what = what;
            this.call = call;
            this.lookup = lookup;
            this.retryAlso = retryAlso;
            this.attempts = attempts;
            this.backoff = backoff;
        }

        /**
         * How to find out whether the operation happened: the object by its name (present = done). Without it, a
         * failure that may have happened runs the call again — right for calls that read before they write.
         */
        public Operation<T> lookingUp(Supplier<Uni<Optional<T>>> lookup) {
            return new Operation<>(calls, what, call, lookup, retryAlso, attempts, backoff);
        }

        /** Other failures (not from the array client) that mean "try again", e.g. a check that found a leftover. */
        public Operation<T> retryingOn(Predicate<Throwable> condition) {
            return new Operation<>(calls, what, call, lookup, condition, attempts, backoff);
        }

        /** Overrides the configured attempts and first backoff (e.g. from a service's own settings). */
        public Operation<T> attempts(int count, Duration firstBackoff) {
            return new Operation<>(calls, what, call, lookup, retryAlso, count, firstBackoff);
        }

        public Uni<ArrayResult<T>> run() {
            return calls.attempt(this, 1, false);
        }
    }

    private <T> Uni<ArrayResult<T>> attempt(Operation<T> op, int attempt, boolean mayHaveHappenedBefore) {
        return Uni.createFrom().<T>deferred(() -> op.call.get()).map(value -> (ArrayResult<T>) new ArrayResult.Done<>(value, false))
                .onFailure(e -> e instanceof FlashArrayException || op.retryAlso.test(e))
                .recoverWithUni(error -> {
                    // An "already exists" that the lookup may prove ours is no error of the array's.
                    if (error instanceof FlashArrayException arrayFailure
                            && !(error instanceof FlashArrayAlreadyExistsException && op.lookup != null)) {
                        arrayMeters.failed(arrayFailure);
                    }
                    if (error instanceof FlashArrayAlreadyExistsException exists && op.lookup != null) {
                        // Ours if it is there by our name; a lookup that fails says nothing yet: try again.
                        return op.lookup.get().chain(found -> found.isPresent()
                                        ? Uni.createFrom().item((ArrayResult<T>) new ArrayResult.Done<>(found.get(), true))
                                        : Uni.createFrom().item((ArrayResult<T>) new ArrayResult.Refused<>(exists,
                                                op.what + ": " + message(exists))))
                                .onFailure(FlashArrayException.class)
                                .recoverWithUni(lookupFailure -> again(op, attempt, lookupFailure, true));
                    }
                    if (error instanceof FlashArrayException failure && failure.outcome() == Outcome.FINAL) {
                        return Uni.createFrom().item(new ArrayResult.Refused<>(failure, op.what + " was refused: "
                                + message(failure)));
                    }
                    boolean mayHaveHappened = mayHaveHappenedBefore
                            || (error instanceof FlashArrayException f && f.mayHaveHappened());
                    if (mayHaveHappened && op.lookup != null && error instanceof FlashArrayException) {
                        return op.lookup.get()
                                .onFailure().recoverWithItem(Optional.empty())
                                .chain(found -> found.isPresent()
                                        ? Uni.createFrom().item(new ArrayResult.Done<>(found.get(), true))
                                        : again(op, attempt, error, true));
                    }
                    return again(op, attempt, error, mayHaveHappened);
                });
    }

    private <T> Uni<ArrayResult<T>> again(Operation<T> op, int attempt, Throwable error, boolean mayHaveHappened) {
        String said = error instanceof FlashArrayException f ? message(f) : error.getMessage();
        if (attempt >= op.attempts) {
            metrics.counter("mooring.array.operations.unavailable").increment();
            return Uni.createFrom().item(new ArrayResult.Unavailable<>(op.what + " did not succeed in " + attempt
                    + " attempts (" + said + ")", mayHaveHappened, attempt));
        }
        Duration wait = new Backoff(op.backoff, op.backoff.multipliedBy(1L << Math.min(10, op.attempts))).after(attempt);
        if (error instanceof FlashArrayRateLimitedException limited && limited.retryAfter().isPresent()
                && limited.retryAfter().get().compareTo(wait) > 0) {
            wait = limited.retryAfter().get();
        }
        LOG.infof("%s: %s; again in %d ms (attempt %d of %d)", op.what, said, wait.toMillis(), attempt + 1,
                op.attempts);
        return pause(wait).chain(() -> attempt(op, attempt + 1, mayHaveHappened));
    }

    private static String message(FlashArrayException e) {
        return e.arrayMessage().orElse(e.getMessage());
    }

    private Uni<Void> pause(Duration delay) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, delay.toMillis()),
                id -> emitter.complete(null)));
    }
}
