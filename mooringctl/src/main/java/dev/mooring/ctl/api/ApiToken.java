package dev.mooring.ctl.api;

/** The services' bearer token; it never shows in a string, a message or an exception. */
public final class ApiToken {

    private final String value;

    public ApiToken(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an API token must not be empty");
        }
        this.value = value.strip();
    }

    /** The {@code Authorization} header's value. */
    String bearer() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "ApiToken[hidden]";
    }
}
