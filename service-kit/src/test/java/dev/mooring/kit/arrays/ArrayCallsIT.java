package dev.mooring.kit.arrays;

import static dev.mooring.kit.KitTestSupport.awaitOnVertx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.SimulatorResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The array-call rule against simulated arrays over HTTPS, with the faults real arrays have. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class ArrayCallsIT {

    private static final long GIB = 1L << 30;

    @Inject
    ArrayCalls calls;

    @Inject
    ArrayIntents intents;

    @Inject
    ArrayDirectory directory;

    @Inject
    MeterRegistry metrics;

    private FlashArrayClient array;

    @BeforeEach
    void arrays() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> directory.client("array-a").isPresent());
        array = directory.client("array-a").orElseThrow();
        SimulatorResource.simulator().admin().clearFaults();
    }

    @AfterEach
    void noFaults() {
        SimulatorResource.simulator().admin().clearFaults();
    }

    @Test
    void aCreateThatHappenedButWasAnsweredWithAnErrorIsFoundByItsNameNotMadeTwice() {
        SimulatorResource.simulator().admin().addFault(FaultSpec.error("POST", "volumes", 503, 1).after().onArray("array-a"));

        ArrayResult<Volume> result = awaitOnVertx(() -> create("calls-after-503"));

        assertThat(result).isInstanceOfSatisfying(ArrayResult.Done.class,
                done -> assertThat(done.alreadySo()).as("found by its name, not made again").isTrue());
        assertThat(count("calls-after-503")).isEqualTo(1);
    }

    @Test
    void everyFailedCallIsCountedByItsArrayAndTheClientsFailureClass() {
        String endpoint = array.endpoint().authority();
        assertThat(metrics.get("mooring.array.registered").tag("endpoint", endpoint).gauge().value()).isEqualTo(1);
        assertThat(errors(endpoint, "unreachable")).as("registered at zero with the array").isNotNegative();
        double mayHaveHappened = errors(endpoint, "may_have_happened");
        // A 429 the client waits out by itself (its Retry-After) never reaches the rule: not counted here.
        double notApplied = errors(endpoint, "not_applied");
        double refused = errors(endpoint, "refused");
        SimulatorResource.simulator().admin().addFault(FaultSpec.error("POST", "volumes", 503, 1).after().onArray("array-a"));
        assertThat(awaitOnVertx(() -> create("calls-counted-503")).done()).isTrue();
        SimulatorResource.simulator().admin().addFault(FaultSpec.error("POST", "volumes", 400, 1).onArray("array-a"));
        assertThat(awaitOnVertx(() -> create("calls-counted-400"))).isInstanceOf(ArrayResult.Refused.class);

        assertThat(errors(endpoint, "may_have_happened")).isGreaterThanOrEqualTo(mayHaveHappened + 1);
        assertThat(errors(endpoint, "not_applied")).isEqualTo(notApplied);
        assertThat(errors(endpoint, "refused")).isEqualTo(refused + 1);
    }

    private double errors(String endpoint, String errorClass) {
        return metrics.get("mooring.array.errors").tag("endpoint", endpoint).tag("class", errorClass).counter().count();
    }

    @Test
    void aRateLimitedCallIsSentAgainAndSucceeds() {
        SimulatorResource.simulator().admin().addFault(FaultSpec.error("POST", "volumes", 429, 3).onArray("array-a"));

        ArrayResult<Volume> result = awaitOnVertx(() -> create("calls-after-429"));

        assertThat(result.done()).isTrue();
        assertThat(count("calls-after-429")).isEqualTo(1);
    }

    @Test
    void aRefusalIsFinalAtOnce() {
        SimulatorResource.simulator().admin().addFault(FaultSpec.error("POST", "volumes", 400, 1).onArray("array-a")
                .withMessage("Volume name is reserved."));
        AtomicInteger sent = new AtomicInteger();
        ArrayResult<Volume> result = awaitOnVertx(() -> calls.operation("create an impossible volume",
                        () -> {
                            sent.incrementAndGet();
                            return array.volumes().create(VolumeCreate.of("calls-refused", GIB));
                        })
                .lookingUp(() -> array.volumes().find("calls-refused"))
                .run());

        assertThat(result).isInstanceOfSatisfying(ArrayResult.Refused.class,
                refused -> assertThat(refused.message())
                        .isEqualTo("create an impossible volume was refused: Volume name is reserved."));
        assertThat(sent).hasValue(1);
    }

    @Test
    void anArrayThatKeepsFailingIsGivenUpOnWithTheStableReasonAndSaysItMayHaveHappened() {
        SimulatorResource.simulator().admin().addFault(FaultSpec.error("POST", "volumes", 503, null).onArray("array-a"));
        AtomicInteger sent = new AtomicInteger();

        ArrayResult<Volume> result = awaitOnVertx(() -> calls.operation("create calls-down on array-a", () -> {
                    sent.incrementAndGet();
                    return array.volumes().create(VolumeCreate.of("calls-down", GIB));
                })
                .lookingUp(() -> array.volumes().find("calls-down"))
                .attempts(3, Duration.ofMillis(10))
                .run());

        assertThat(result).isInstanceOfSatisfying(ArrayResult.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason()).isEqualTo("ArrayUnavailable");
            assertThat(unavailable.mayHaveHappened()).isTrue();
            assertThat(unavailable.message()).startsWith("create calls-down on array-a did not succeed in 3 attempts");
        });
        assertThat(sent).hasValue(3);
        assertThat(count("calls-down")).isZero();
    }

    @Test
    void anIntentOnceRecordedIsReusedWhateverTheNextChoiceWouldBe() {
        Optional<ArrayIntents.Intent> first = awaitOnVertx(() -> intents.recordOrReuse("vol-1", "create",
                () -> Uni.createFrom().item(Optional.of(new ArrayIntents.Target("array-a", "mooring-v1")))));
        Optional<ArrayIntents.Intent> again = awaitOnVertx(() -> intents.recordOrReuse("vol-1", "create",
                () -> Uni.createFrom().item(Optional.of(new ArrayIntents.Target("array-b", "mooring-v1")))));
        Optional<ArrayIntents.Intent> none = awaitOnVertx(() -> intents.recordOrReuse("vol-2", "create",
                () -> Uni.createFrom().item(Optional.empty())));

        assertThat(first).map(ArrayIntents.Intent::array).contains("array-a");
        assertThat(again).map(ArrayIntents.Intent::array).contains("array-a");
        assertThat(none).isEmpty();
        assertThat(awaitOnVertx(() -> intents.find("vol-2", "create"))).isEmpty();
    }

    private Uni<ArrayResult<Volume>> create(String name) {
        return calls.operation("create " + name + " on array-a", () -> array.volumes().create(VolumeCreate.of(name, GIB)))
                .lookingUp(() -> array.volumes().find(name))
                .attempts(5, Duration.ofMillis(10))
                .run();
    }

    private long count(String name) {
        return SimulatorResource.simulator().fleet().volumes("array-a").stream()
                .filter(v -> v.fullName().equals(name)).count();
    }
}
