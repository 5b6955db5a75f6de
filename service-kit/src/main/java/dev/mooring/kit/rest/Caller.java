package dev.mooring.kit.rest;

/**
 * Who called {@code /api/*}, as {@link ApiTokenFilter} established it: an administrator (or an integration) with an
 * admin token, or the node agent of one node, proven by its ServiceAccount token. {@link CallerAuthorization} decides
 * what each may call.
 */
public sealed interface Caller {

    /** The request property that holds the caller once authenticated. */
    String PROPERTY = "mooring.caller";

    /** Holds an admin token ({@code mooring.api.tokens}): may call every operation. */
    record Administrator() implements Caller {
    }

    /** The node agent running on {@code node}: may call only what {@link NodeAgentAccess} opens, for its own node. */
    record NodeAgent(String node) implements Caller {
    }
}
