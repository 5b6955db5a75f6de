package dev.mooring.kit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.mooring.kit.db.DatabaseUnavailable;
import dev.mooring.kit.deadletter.Failures;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every REST failure into {@code application/problem+json}, never leaking a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    /** More specific than JsonProcessingException, so it also outranks Quarkus' own mapper for it. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return respond(ProblemException.invalid(field, "has the wrong type or format").problem());
        }
        return respond(new Problem(Problem.TYPE_PREFIX + "invalid-request", "Invalid request", 400,
                "The request body is not valid JSON: " + e.getOriginalMessage(), null, List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        return respond(Problem.of(status, title.toLowerCase().replace(' ', '-'), title,
                e.getMessage() == null ? title : e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseUnavailable.is(e)) {
            // Not a fault of the request nor of the service: the caller may simply ask again in a moment.
            LOG.warnf("Answered 503, the database is unavailable: %s", Failures.describe(e));
            return Response.fromResponse(respond(Problem.of(503, "service-unavailable", "Service unavailable",
                    "The service's database is unavailable for a moment; ask again shortly")))
                    .header("Retry-After", "2").build();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, reference %s", reference);
        return respond(Problem.of(500, "internal-error", "Internal error",
                "An unexpected error occurred; the service log has the details under reference " + reference));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
