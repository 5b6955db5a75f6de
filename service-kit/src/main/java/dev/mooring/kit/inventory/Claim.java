package dev.mooring.kit.inventory;

/**
 * What the service's state says of one object name: {@link Status#WANTED} (it should be there), {@link
 * Status#IN_FLIGHT} (an operation on it is under way: never touched), {@link Status#RELEASED} (the state knows it
 * and no longer wants it: a deleted volume, a failed pool's drive) with the reason that makes it an orphan, or
 * {@link Status#UNPROVEN} (nothing in the state wants it, but nothing proves it Mooring's either: reported, never
 * cleaned up).
 */
public record Claim(Status status, String reason, String message) {

    /** The three answers. */
    public enum Status { WANTED, IN_FLIGHT, RELEASED, UNPROVEN }

    public static Claim wanted() {
        return new Claim(Status.WANTED, null, null);
    }

    public static Claim inFlight(String why) {
        return new Claim(Status.IN_FLIGHT, "InFlight", why);
    }

    /** Known and no longer wanted: an orphan for {@code reason} (CamelCase), {@code message} saying why. */
    public static Claim released(String reason, String message) {
        return new Claim(Status.RELEASED, reason, message);
    }

    /**
     * Not wanted and not provably Mooring's (e.g. a volume the service never heard of on a host of Mooring's): an
     * orphan to report with {@code reason}, which only an operator may remove.
     */
    public static Claim unproven(String reason, String message) {
        return new Claim(Status.UNPROVEN, reason, message);
    }

    public boolean orphan() {
        return status == Status.RELEASED || status == Status.UNPROVEN;
    }

    /** Whether the reconciler may clean it up after the grace (only what is provably Mooring's). */
    public boolean cleanable() {
        return status == Status.RELEASED;
    }
}
