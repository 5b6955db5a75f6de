package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.query.Query;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One logical REST call: method, path under {@code /api/<version>/}, query, body and how safe it is to repeat. */
final class Call {

    /** How safe a call is to send again after a failure that may have happened. */
    enum Safety {
        /** A read, or a call without effect on objects (login, logout, api_version). */
        READ,
        /** A mutation that sets an absolute state: repeating it changes nothing. */
        ABSOLUTE_WRITE,
        /** Any other mutation. */
        WRITE
    }

    final HttpMethod method;
    final String path;
    final List<String[]> query;
    final Object body;
    final Safety safety;
    final boolean versioned;
    final Auth auth;

    /** Which credential a call carries. */
    enum Auth {
        /** None ({@code GET /api/api_version}). */
        NONE,
        /** The {@code api-token} header (login). */
        API_TOKEN,
        /** The session's {@code x-auth-token} header. */
        SESSION
    }

    private Call(HttpMethod method, String path, List<String[]> query, Object body, Safety safety,
                 boolean versioned, Auth auth) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.body = body;
        this.safety = safety;
        this.versioned = versioned;
        this.auth = auth;
    }

    static Builder get(String path) {
        return new Builder(HttpMethod.GET, path, Safety.READ);
    }

    static Builder post(String path) {
        return new Builder(HttpMethod.POST, path, Safety.WRITE);
    }

    static Builder patch(String path) {
        return new Builder(HttpMethod.PATCH, path, Safety.WRITE);
    }

    static Builder delete(String path) {
        return new Builder(HttpMethod.DELETE, path, Safety.WRITE);
    }

    boolean isRead() {
        return safety == Safety.READ;
    }

    /** {@code GET /api/2.26/volumes}, or the absolute path for unversioned calls. */
    String operation(RestVersion version) {
        return method.name() + " " + fullPath(version);
    }

    String fullPath(RestVersion version) {
        if (!versioned) {
            return path;
        }
        return "/api/" + (version == null ? "?" : version.toString()) + "/" + path;
    }

    Call withQuery(Query q) {
        List<String[]> copy = new ArrayList<>(query);
        copy.addAll(q.toParams());
        return new Call(method, path, List.copyOf(copy), body, safety, versioned, auth);
    }

    static final class Builder {
        private final HttpMethod method;
        private final String path;
        private final List<String[]> query = new ArrayList<>();
        private Object body;
        private Safety safety;
        private boolean versioned = true;
        private Auth auth = Auth.SESSION;

        private Builder(HttpMethod method, String path, Safety safety) {
            this.method = method;
            this.path = path;
            this.safety = safety;
        }

        Builder param(String name, String value) {
            if (value != null) {
                query.add(new String[] {name, value});
            }
            return this;
        }

        Builder param(String name, Collection<String> values) {
            if (values != null && !values.isEmpty()) {
                query.add(new String[] {name, String.join(",", values)});
            }
            return this;
        }

        Builder param(String name, boolean flag) {
            return param(name, Boolean.toString(flag));
        }

        Builder query(Query q) {
            query.addAll(q.toParams());
            return this;
        }

        Builder body(Object body) {
            this.body = body;
            return this;
        }

        Builder safety(Safety s) {
            this.safety = s;
            return this;
        }

        Builder absoluteWrite() {
            return safety(Safety.ABSOLUTE_WRITE);
        }

        Builder unversioned() {
            this.versioned = false;
            return this;
        }

        Builder auth(Auth a) {
            this.auth = a;
            return this;
        }

        Call build() {
            return new Call(method, path, List.copyOf(query), body, safety, versioned, auth);
        }
    }
}
