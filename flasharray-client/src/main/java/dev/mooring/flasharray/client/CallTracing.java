package dev.mooring.flasharray.client;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * One CLIENT span per HTTP request to the array, under the trace of the call that caused it. Its attributes are few
 * and bounded — the array's endpoint, the operation (method and path, never the query or body), the status and
 * the request id the array logs — and never a token.
 */
final class CallTracing {

    static final String INSTRUMENTATION = "dev.mooring.flasharray";
    static final AttributeKey<String> ARRAY = AttributeKey.stringKey("mooring.array");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("mooring.array.operation");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("mooring.array.request_id");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final Tracer tracer;
    private final Endpoint endpoint;

    CallTracing(Tracer tracer, Endpoint endpoint) {
        this.tracer = tracer;
        this.endpoint = endpoint;
    }

    /** Starts the span of one request of {@code call}, a child of {@code parent} (the caller's context). */
    Span start(Context parent, Call call, RestVersion version, String requestId) {
        return tracer.spanBuilder(call.method.name() + " " + call.path)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(ARRAY, endpoint.authority())
                .setAttribute(OPERATION, call.operation(version))
                .setAttribute(METHOD, call.method.name())
                .setAttribute(SERVER, endpoint.host())
                .setAttribute(PORT, (long) endpoint.port())
                .setAttribute(REQUEST_ID, requestId)
                .startSpan();
    }

    /** Ends a span with the array's answer: a 4xx or 5xx marks it failed. */
    static void answered(Span span, int status) {
        span.setAttribute(STATUS, (long) status);
        if (status >= 400) {
            span.setStatus(StatusCode.ERROR, "HTTP " + status);
        }
        span.end();
    }

    /** Ends a span without an answer (timeout, connection refused or dropped). */
    static void failed(Span span, Throwable error) {
        span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        span.end();
    }
}
