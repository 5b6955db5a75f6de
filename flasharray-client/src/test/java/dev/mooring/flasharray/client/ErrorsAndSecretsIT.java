package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayAuthenticationException;
import dev.mooring.flasharray.client.error.FlashArrayBadRequestException;
import dev.mooring.flasharray.client.error.FlashArrayDestroyedException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayForbiddenException;
import dev.mooring.flasharray.client.error.FlashArrayInUseException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException;
import dev.mooring.flasharray.client.error.FlashArrayTlsException;
import dev.mooring.flasharray.client.error.FlashArrayUnavailableException;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.flasharray.client.error.Outcome;
import dev.mooring.flasharray.client.it.SimulatorSupport;
import dev.mooring.flasharray.client.request.HostCreate;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.config.ApiToken;
import dev.mooring.flasharray.sim.config.ArrayConfig;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provokes every error class through the simulator and checks that no API token or session token appears
 * in any exception message, {@code toString()}, stack trace text, or log line (the client logging at DEBUG).
 */
class ErrorsAndSecretsIT extends SimulatorSupport {

    private static final String WRONG_TOKEN = "deadbeef-0000-4000-8000-feedfacecafe";
    private static final List<String> LOG = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (r.getParameters() != null && msg != null) {
                try {
                    msg = String.format(msg, r.getParameters());
                } catch (RuntimeException e) {
                    msg = msg + " " + java.util.Arrays.toString(r.getParameters());
                }
            }
            LOG.add(r.getLoggerName() + " " + msg + (r.getThrown() == null ? "" : " " + stackTrace(r.getThrown())));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod());
        Logger clientLogger = Logger.getLogger(FlashArrayClient.class.getName());
        clientLogger.setLevel(Level.ALL);
        clientLogger.addHandler(CAPTURE);
        CAPTURE.setLevel(Level.ALL);
    }

    @AfterAll
    static void stopCapture() {
        Logger.getLogger(FlashArrayClient.class.getName()).removeHandler(CAPTURE);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static List<String> apiTokens() {
        List<String> all = new ArrayList<>();
        for (ArrayConfig a : sim.config().arrays()) {
            a.apiTokens().stream().map(ApiToken::token).forEach(all::add);
        }
        all.add(WRONG_TOKEN);
        return all;
    }

    private static String readonlyToken(String array) {
        return sim.config().array(array).apiTokens().stream().filter(t -> ApiToken.READONLY.equals(t.role()))
                .map(ApiToken::token).findFirst().orElseThrow();
    }

    @Test
    void everyErrorClassAndNoSecretAnywhere() throws Exception {
        Map<Class<? extends FlashArrayException>, FlashArrayException> seen = new LinkedHashMap<>();
        List<FlashArrayClient> clients = new ArrayList<>();
        FlashArrayClient fa = client(A);
        clients.add(fa);
        long gib = 1L << 30;

        // 400 "does not exist"
        seen.put(FlashArrayNotFoundException.class, failure(fa.volumes().get("no-such-volume")));
        // 400 "already exists"
        String v = unique("v");
        await(fa.volumes().create(VolumeCreate.of(v, gib)));
        seen.put(FlashArrayAlreadyExistsException.class, failure(fa.volumes().create(VolumeCreate.of(v, gib))));
        // 400 "cannot be deleted due to existing connections"
        String h = unique("h");
        await(fa.hosts().create(HostCreate.named(h).withIqns("iqn.1993-08.org.debian:01:" + h)));
        await(fa.connections().connectHost(h, v));
        seen.put(FlashArrayInUseException.class, failure(fa.hosts().delete(h)));
        // 400 "has been destroyed"
        String d = unique("d");
        await(fa.volumes().create(VolumeCreate.of(d, gib)));
        await(fa.volumes().destroy(d));
        seen.put(FlashArrayDestroyedException.class, failure(fa.volumes().resize(d, 2 * gib)));
        // 400 validation
        seen.put(FlashArrayBadRequestException.class, failure(fa.volumes().resize(v, gib / 2)));
        // 429 that does not lift
        FlashArrayClient impatient = client(A, b -> b.retryPolicy(RetryPolicy.builder().maxRateLimitRetries(0).build()));
        clients.add(impatient);
        sim.admin().addFault(FaultSpec.error("GET", "hosts", 429, null).onArray(A));
        seen.put(FlashArrayRateLimitedException.class, failure(impatient.hosts().listAll()));
        sim.admin().clearFaults();
        // 5xx
        FlashArrayClient noRetry = client(A, b -> b.retryPolicy(RetryPolicy.none()));
        clients.add(noRetry);
        sim.admin().addFault(FaultSpec.error("GET", "volumes", 503, null).onArray(A));
        FlashArrayException unavailable = failure(noRetry.volumes().listAll());
        sim.admin().clearFaults();
        assertThat(unavailable.outcome()).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
        seen.put(FlashArrayUnavailableException.class, unavailable);
        // 401 at login: a token the array does not know
        FlashArrayClient wrong = client(A, b -> b.apiToken(dev.mooring.flasharray.client.ApiToken.of(WRONG_TOKEN)));
        clients.add(wrong);
        seen.put(FlashArrayAuthenticationException.class, failure(wrong.volumes().listAll()));
        // 403: the readonly user tries a change
        FlashArrayClient viewer = client(A, b -> b.apiToken(dev.mooring.flasharray.client.ApiToken.of(readonlyToken(A))));
        clients.add(viewer);
        assertThat(await(viewer.volumes().listAll())).isNotEmpty();
        seen.put(FlashArrayForbiddenException.class, failure(viewer.volumes().create(VolumeCreate.of(unique("ro"), gib))));
        // no common REST version
        FlashArrayClient future = client(A, b -> b.restVersionRange("2.40", null));
        clients.add(future);
        seen.put(FlashArrayUnsupportedException.class, failure(future.volumes().listAll()));
        // a certificate we do not trust
        SelfSignedCertificate other = SelfSignedCertificate.create("127.0.0.1");
        String otherPem = readPem(other);
        try {
            FlashArrayClient untrusting = client(A, b -> b.trust(TlsTrust.pem(otherPem)));
            clients.add(untrusting);
            seen.put(FlashArrayTlsException.class, failure(untrusting.volumes().listAll()));
        } finally {
            other.delete();
        }

        assertThat(seen.keySet()).containsExactlyInAnyOrder(FlashArrayNotFoundException.class,
                FlashArrayAlreadyExistsException.class, FlashArrayInUseException.class, FlashArrayDestroyedException.class,
                FlashArrayBadRequestException.class, FlashArrayRateLimitedException.class,
                FlashArrayUnavailableException.class, FlashArrayAuthenticationException.class,
                FlashArrayForbiddenException.class, FlashArrayUnsupportedException.class, FlashArrayTlsException.class);
        seen.forEach((type, e) -> assertThat(e).as(type.getSimpleName()).isExactlyInstanceOf(type));

        List<String> secrets = new ArrayList<>(apiTokens());
        for (FlashArrayClient c : clients) {
            secrets.addAll(c.sessionTokensForTests());
            assertThat(c.toString()).doesNotContainIgnoringCase("token");
        }
        assertThat(fa.sessionTokensForTests()).isNotEmpty();
        for (FlashArrayException e : seen.values()) {
            String all = e.getMessage() + "\n" + e + "\n" + stackTrace(e) + "\n" + e.arrayMessage().orElse("") + "\n"
                    + e.arrayContext().orElse("") + "\n" + e.operation() + "\n" + e.endpoint();
            for (String secret : secrets) {
                assertThat(all).as(e.getClass().getSimpleName()).doesNotContainIgnoringCase(secret);
            }
            assertThat(e.endpoint()).isEqualTo(sim.endpoint(A));
        }
        assertThat(LOG).as("the client logged at DEBUG").isNotEmpty();
        for (String line : LOG) {
            for (String secret : secrets) {
                assertThat(line).doesNotContainIgnoringCase(secret);
            }
        }
    }

    @Test
    void unreachableArrayWasNotApplied() {
        FlashArrayClient fa = client(B, b -> b.retryPolicy(RetryPolicy.builder().maxRetries(1)
                .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(5)).build()));
        sim.admin().arrayDown(B);
        try {
            FlashArrayException e = failure(fa.volumes().listAll());
            assertThat(e).isInstanceOf(FlashArrayUnavailableException.class);
            assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED_RETRYABLE);
            assertThat(e.getMessage()).contains("cannot connect").doesNotContain(sim.apiToken(B));
        } finally {
            sim.admin().arrayUp(B);
        }
    }

    private static String readPem(SelfSignedCertificate c) throws Exception {
        return Files.readString(Path.of(c.certificatePath()));
    }
}
