package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.ErrorClassifier.Kind;
import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayAuthenticationException;
import dev.mooring.flasharray.client.error.FlashArrayBadRequestException;
import dev.mooring.flasharray.client.error.FlashArrayDestroyedException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayException.Details;
import dev.mooring.flasharray.client.error.FlashArrayForbiddenException;
import dev.mooring.flasharray.client.error.FlashArrayInUseException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException;
import dev.mooring.flasharray.client.error.FlashArrayTlsException;
import dev.mooring.flasharray.client.error.FlashArrayUnavailableException;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.flasharray.client.error.Outcome;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "400 | Volume does not exist.                                  | NOT_FOUND",
            "400 | Host does not exist                                     | NOT_FOUND",
            "400 | Connection does not exist.                              | NOT_FOUND",
            "400 | No such volume or snapshot.                             | NOT_FOUND",
            "400 | Pod could not be found.                                 | NOT_FOUND",
            "400 | Volume is not connected to host.                        | NOT_FOUND",
            "400 | Volume already exists.                                  | ALREADY_EXISTS",
            "400 | Connection already exists.                              | ALREADY_EXISTS",
            "400 | Host already exists.                                    | ALREADY_EXISTS",
            "400 | The specified IQN is already in use.                    | IN_USE",
            "400 | Host already belongs to another host group.             | IN_USE",
            "400 | Host cannot be deleted due to existing connections.     | IN_USE",
            "400 | Volume cannot be destroyed due to existing connections. | IN_USE",
            "400 | Host group cannot be deleted because it still has member hosts. | IN_USE",
            "400 | Pod still contains volumes; set eradicate_contents=true. | IN_USE",
            "400 | Pod is not empty; set destroy_contents=true.            | IN_USE",
            "400 | Host already has a private connection to volume v1.     | IN_USE",
            "400 | Volume is already connected to host h1 of host group g. | IN_USE",
            "400 | LUN 5 is already in use on host h1.                     | IN_USE",
            "400 | Host is already a member of host group g.               | ALREADY_EXISTS",
            "400 | Array is already a member of pod pod1.                  | ALREADY_EXISTS",
            "400 | Host is not a member of host group g.                   | NOT_FOUND",
            "400 | Volume has been destroyed.                              | DESTROYED",
            "400 | Pod has been destroyed.                                 | DESTROYED",
            "400 | Connection limit reached: host h1 has no free LUN.      | BAD_REQUEST",
            "400 | Implicit truncation not permitted. Set truncate=true to shrink the volume. | BAD_REQUEST",
            "400 | Volume has been deleted.                                | DESTROYED",
            "400 | Volume size limit reached.                              | BAD_REQUEST",
            "400 | Invalid value for provisioned.                          | BAD_REQUEST",
            "400 |                                                         | BAD_REQUEST",
            "422 | Unprocessable.                                          | BAD_REQUEST",
            "401 | Invalid session.                                        | AUTHENTICATION",
            "403 | Forbidden.                                              | FORBIDDEN",
            "403 | Volume does not exist.                                  | FORBIDDEN",
            "404 | Not found.                                              | UNSUPPORTED",
            "404 |                                                         | UNSUPPORTED",
            "429 | Too many requests.                                      | RATE_LIMITED",
            "500 | Server is busy                                          | UNAVAILABLE",
            "500 | Volume does not exist.                                  | UNAVAILABLE",
            "502 |                                                         | UNAVAILABLE",
            "503 | Service unavailable.                                    | UNAVAILABLE",
    })
    void classifiesByStatusAndMessage(int status, String message, Kind expected) {
        assertThat(ErrorClassifier.classify(status, message)).isEqualTo(expected);
    }

    @Test
    void caseInsensitiveFragments() {
        assertThat(ErrorClassifier.classify(400, "VOLUME DOES NOT EXIST")).isEqualTo(Kind.NOT_FOUND);
    }

    private static Details d(int status, String message) {
        return new Details("10.0.0.1:443", "POST /api/2.26/volumes", status, message, "pod1::v1", "rid-1", null);
    }

    @Test
    void exceptionTypesAndOutcomes() {
        assertThat(ErrorClassifier.fromResponse(d(400, "Volume does not exist."), null))
                .isInstanceOf(FlashArrayNotFoundException.class).extracting(FlashArrayException::outcome).isEqualTo(Outcome.FINAL);
        assertThat(ErrorClassifier.fromResponse(d(400, "Volume already exists."), null))
                .isInstanceOf(FlashArrayAlreadyExistsException.class)
                .satisfies(e -> assertThat(((FlashArrayAlreadyExistsException) e).isConnection()).isFalse());
        assertThat(ErrorClassifier.fromResponse(d(400, "Connection already exists."), null))
                .isInstanceOfSatisfying(FlashArrayAlreadyExistsException.class, e -> assertThat(e.isConnection()).isTrue());
        assertThat(ErrorClassifier.fromResponse(d(400, "already in use"), null)).isInstanceOf(FlashArrayInUseException.class);
        assertThat(ErrorClassifier.fromResponse(d(400, "Volume has been destroyed."), null)).isInstanceOf(FlashArrayDestroyedException.class);
        assertThat(ErrorClassifier.fromResponse(d(400, "bad"), null)).isInstanceOf(FlashArrayBadRequestException.class);
        assertThat(ErrorClassifier.fromResponse(d(401, "Invalid session."), null)).isInstanceOf(FlashArrayAuthenticationException.class);
        assertThat(ErrorClassifier.fromResponse(d(403, null), null)).isInstanceOf(FlashArrayForbiddenException.class);
        assertThat(ErrorClassifier.fromResponse(d(404, null), null)).isInstanceOf(FlashArrayUnsupportedException.class);
        assertThat(ErrorClassifier.fromResponse(d(429, null), null)).isInstanceOf(FlashArrayRateLimitedException.class)
                .extracting(FlashArrayException::outcome).isEqualTo(Outcome.NOT_APPLIED_RETRYABLE);
        assertThat(ErrorClassifier.fromResponse(d(500, "Server is busy"), null)).isInstanceOf(FlashArrayUnavailableException.class)
                .extracting(FlashArrayException::outcome).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
    }

    @Test
    void carriesEverything() {
        FlashArrayException e = ErrorClassifier.fromResponse(d(400, "Volume already exists."), null);
        assertThat(e.endpoint()).isEqualTo("10.0.0.1:443");
        assertThat(e.operation()).isEqualTo("POST /api/2.26/volumes");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.arrayMessage()).hasValue("Volume already exists.");
        assertThat(e.arrayContext()).hasValue("pod1::v1");
        assertThat(e.requestId()).hasValue("rid-1");
        assertThat(e.getMessage()).isEqualTo("Volume already exists. [array=10.0.0.1:443, "
                + "operation=POST /api/2.26/volumes, status=400, context=pod1::v1, request-id=rid-1]");
        assertThat(e.toString()).startsWith("FlashArrayAlreadyExistsException[").endsWith("outcome=FINAL]");
        assertThat(e.mayHaveHappened()).isFalse();
    }

    private static Details local() {
        return Details.local("10.0.0.1:443", "POST /api/2.26/volumes", null);
    }

    @Test
    void transportFailures() {
        assertThat(ErrorClassifier.fromTransport(local(), new ConnectException("Connection refused")))
                .isInstanceOf(FlashArrayUnavailableException.class)
                .extracting(FlashArrayException::outcome).isEqualTo(Outcome.NOT_APPLIED_RETRYABLE);
        assertThat(ErrorClassifier.fromTransport(local(), new ConnectTimeoutException("connect timed out")))
                .extracting(FlashArrayException::outcome).isEqualTo(Outcome.NOT_APPLIED_RETRYABLE);
        assertThat(ErrorClassifier.fromTransport(local(), new TimeoutException("The timeout period of 10ms has been exceeded")))
                .isInstanceOf(FlashArrayUnavailableException.class)
                .extracting(FlashArrayException::outcome).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
        assertThat(ErrorClassifier.fromTransport(local(), new io.vertx.core.http.HttpClosedException("Connection was closed")))
                .extracting(FlashArrayException::outcome).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
        assertThat(ErrorClassifier.fromTransport(local(), new IOException("Connection reset by peer")))
                .extracting(FlashArrayException::outcome).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
        assertThat(ErrorClassifier.fromTransport(local(), new RuntimeException(new SSLHandshakeException("PKIX path building failed"))))
                .isInstanceOf(FlashArrayTlsException.class)
                .extracting(FlashArrayException::outcome).isEqualTo(Outcome.FINAL);
        assertThat(ErrorClassifier.fromTransport(local(), new IOException("x")).getCause()).isInstanceOf(IOException.class);
        assertThat(ErrorClassifier.fromTransport(local(), new TimeoutException("t")).getMessage())
                .startsWith("timed out: TimeoutException (t) [array=10.0.0.1:443, operation=POST /api/2.26/volumes]");
    }
}
