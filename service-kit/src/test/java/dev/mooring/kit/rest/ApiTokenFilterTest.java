package dev.mooring.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTokenFilterTest {

    private static final String OLD = "old-token-of-the-rotation-0123456789abcdef";
    private static final String NEW = "new-token-of-the-rotation-0123456789abcdef";

    @Test
    void duringARotationBothTokensOpenTheApiAndNothingElseDoes() {
        ApiTokenFilter filter = filterWith(OLD, NEW);

        assertThat(filter.authenticate("/api/v1/volumes", "Bearer " + OLD)).isEmpty();
        assertThat(filter.authenticate("/api/v1/volumes", "bearer " + NEW)).isEmpty();
        assertThat(status(filter.authenticate("/api/v1/volumes", "Bearer " + OLD.substring(1)))).isEqualTo(401);
        assertThat(status(filter.authenticate("/api/v1/volumes", "Bearer " + NEW + "x"))).isEqualTo(401);
        assertThat(status(filter.authenticate("/api/v1/volumes", "Basic " + OLD))).isEqualTo(401);
        assertThat(status(filter.authenticate("/api/v1/volumes", null))).isEqualTo(401);
    }

    @Test
    void withoutAnyConfiguredTokenEveryApiCallIsRefusedAndHealthStaysOpen() {
        ApiTokenFilter filter = filterWith();

        assertThat(status(filter.authenticate("/api/v1/volumes", "Bearer "))).isEqualTo(401);
        assertThat(status(filter.authenticate("/api/v1/volumes", "Bearer anything"))).isEqualTo(401);
        assertThat(filter.authenticate("/q/health/ready", null)).isEmpty();
    }

    private static ApiTokenFilter filterWith(String... tokens) {
        ApiTokenFilter filter = new ApiTokenFilter();
        filter.tokens = tokens.length == 0 ? Optional.empty() : Optional.of(List.of(tokens));
        filter.init();
        return filter;
    }

    private static int status(Optional<Response> answer) {
        return answer.map(Response::getStatus).orElse(200);
    }
}
