package dev.mooring.kit.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens a REST operation to node agents, for their own node only: the node is named by the path parameter
 * {@link #pathParam} or the query parameter {@link #queryParam}, and a node agent's call for any other node (or
 * without naming one) is refused with 403. An operation without this annotation is for administrators alone.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface NodeAgentAccess {

    /** The path parameter that names the node, e.g. {@code name} in {@code /api/v1/nodes/{name}/heartbeat}. */
    String pathParam() default "";

    /** The query parameter that names the node, e.g. {@code nodeName} in {@code /api/v1/attachments?nodeName=}. */
    String queryParam() default "";
}
