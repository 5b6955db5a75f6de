package dev.mooring.flasharray.sim.config;

import java.util.Objects;

/** One API token of a simulated array: the token (a UUID), the user it logs in as, and that user's role. */
public record ApiToken(String token, String user, String role) {

    public static final String ARRAY_ADMIN = "array_admin";
    public static final String STORAGE_ADMIN = "storage_admin";
    public static final String OPS_ADMIN = "ops_admin";
    public static final String READONLY = "readonly";

    public ApiToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
    }

    /** Whether this role may change anything (every role but {@code readonly}). */
    public boolean mayWrite() {
        return !READONLY.equals(role);
    }

    /** Never prints the token itself: tokens are secrets and must not reach a log. */
    @Override
    public String toString() {
        return "ApiToken[user=" + user + ", role=" + role + ", token=****]";
    }
}
