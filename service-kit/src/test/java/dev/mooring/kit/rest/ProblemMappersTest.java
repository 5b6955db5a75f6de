package dev.mooring.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** A request that meets a database restart is told to ask again (503), not that the service failed (500). */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void theDatabaseAwayAnswers503WithRetryAfter() {
        Response response = mappers.unexpected(new IllegalStateException("query failed",
                new ConnectException("Connection refused: /127.0.0.1:5432")));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.detail()).contains("database is unavailable").doesNotContain("127.0.0.1");
    }

    @Test
    void anythingElseUnexpectedIsA500WithAReferenceAndNoDetailsOfTheCause() {
        Response response = mappers.unexpected(new IllegalStateException("secret-ish internal detail"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).detail()).contains("reference").doesNotContain("secret-ish");
    }
}
