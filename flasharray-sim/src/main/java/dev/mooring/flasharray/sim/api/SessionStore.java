package dev.mooring.flasharray.sim.api;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * REST sessions of all arrays: {@code x-auth-token} → who logged in where. A session dies after
 * {@code sessionTtl} without use (idle timeout), when expired through the admin API, or when its array goes down.
 */
public final class SessionStore {
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A logged-in session; {@code lastUsed} moves on every accepted call. */
    public static final class Session {
        final String array;
        final String user;
        final String role;
        volatile long lastUsed;

        Session(String array, String user, String role, long lastUsed) {
            this.array = array;
            this.user = user;
            this.role = role;
            this.lastUsed = lastUsed;
        }

        public String array() {
            return array;
        }

        public String user() {
            return user;
        }

        public String role() {
            return role;
        }
    }

    public SessionStore(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /** Creates a session and returns its token. */
    public String open(String array, String user, String role) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String hex = HexFormat.of().formatHex(b);
        String token = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
        sessions.put(token, new Session(array, user, role, clock.millis()));
        return token;
    }

    /** The live session of that token on that array (touching it), or null when unknown, foreign or expired. */
    public Session touch(String array, String token) {
        if (token == null) {
            return null;
        }
        Session s = sessions.get(token);
        if (s == null || !s.array.equals(array)) {
            return null;
        }
        long now = clock.millis();
        if (now - s.lastUsed > ttlMillis) {
            sessions.remove(token, s);
            return null;
        }
        s.lastUsed = now;
        return s;
    }

    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** Ends every session of an array (all arrays when null); returns how many ended. */
    public int expire(String array) {
        int[] n = {0};
        sessions.entrySet().removeIf(e -> {
            boolean hit = array == null || e.getValue().array.equals(array);
            if (hit) {
                n[0]++;
            }
            return hit;
        });
        return n[0];
    }

    public int count(String array) {
        return (int) sessions.values().stream().filter(s -> array == null || s.array.equals(array)).count();
    }
}
