package dev.mooring.devstack.chaos;

import dev.mooring.devstack.Http;
import dev.mooring.devstack.MooringApi;
import dev.mooring.devstack.Stack;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The REST API of every instance of one service, called as a Kubernetes Service would route it: round robin, and a
 * call that finds its instance dead (refused, reset, 502/503 while it starts) goes to the next one. Only failures
 * that a retry may safely repeat are retried — every Mooring write answers the same to a repeated request.
 */
final class Replicas {

    /** Statuses of an instance that is not (or no longer, or not yet) serving. */
    private static final Set<Integer> UNAVAILABLE = Set.of(502, 503, 504);

    private final String service;
    private final List<MooringApi> instances;
    private final Duration patience;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger failovers = new AtomicInteger();

    Replicas(Stack stack, String service, Duration patience) {
        this.service = service;
        this.instances = stack.services().stream().filter(s -> s.spec().name().equals(service))
                .map(s -> new MooringApi(s.baseUrl(), stack.apiToken())).toList();
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("No instance of " + service + " runs in this stack");
        }
        this.patience = patience;
    }

    /** The answer of the first instance that could answer; throws when none could within the patience. */
    Http.Answer call(String method, String path, String json) {
        Instant giveUp = Instant.now().plus(patience);
        String last = "";
        while (true) {
            MooringApi api = instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
            try {
                Http.Answer answer = api.call(method, path, json);
                if (!UNAVAILABLE.contains(answer.status())) {
                    return answer;
                }
                last = answer.status() + " " + answer.body();
            } catch (UncheckedIOException e) {
                last = e.getMessage();
            }
            failovers.incrementAndGet();
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException(method + " " + path + " on " + service + ": no instance answered within "
                        + patience + "; last: " + last);
            }
            MooringApi.pause(Duration.ofMillis(200));
        }
    }

    /** Calls that went to another instance because theirs could not answer. */
    int failovers() {
        return failovers.get();
    }
}
