package dev.mooring.attach.domain;

/**
 * The phases of a takeover in attach-svc, in order. {@code Fencing}: the fence is recorded (nothing will connect
 * the failed node's host again) and its connections are being removed and checked. {@code Fenced}: every registered
 * array confirmed that none is left; only now may the drives be connected to the replacement. {@code Moved}: done.
 */
public enum TakeoverPhase {
    Fencing,
    Fenced,
    Moved;

    /** The replacement may get the failed node's drives only after a confirmed fence. */
    public boolean mayConnectReplacement() {
        return this == Fenced;
    }

    public boolean finished() {
        return this == Moved;
    }
}
