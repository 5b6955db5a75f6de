package dev.mooring.devstack;

/** One entry of the simulator's connection history: {@code action} is {@code connect} or {@code disconnect}. */
public record ConnectionChange(long seq, long atMillis, String array, String host, String volume, String action) {

    public boolean isConnect() {
        return "connect".equals(action);
    }
}
