package dev.mooring.flasharray.client;

/** The {@code x-auth-token} of a session. Never printed. */
final class SessionToken {

    private final String value;

    SessionToken(String value) {
        this.value = value;
    }

    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "SessionToken[****]";
    }
}
