package dev.mooring.console.model;

import java.util.function.Function;

/** What was read from a service, or why nothing could be (the service, the address and the reason; never a token). */
public record Reading<T>(T value, String problem) {

    public static <T> Reading<T> of(T value) {
        return new Reading<>(value, null);
    }

    public static <T> Reading<T> failed(String problem) {
        return new Reading<>(null, problem);
    }

    public boolean ok() {
        return problem == null;
    }

    public <R> Reading<R> map(Function<T, R> f) {
        return ok() ? of(f.apply(value)) : failed(problem);
    }
}
