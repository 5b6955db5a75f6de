package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.devstack.chaos.ChaosErrors;
import dev.mooring.devstack.chaos.ChaosReport;
import dev.mooring.devstack.chaos.ChaosRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's chaos test, as {@code devstack/mooring chaos} runs it: every part its own process, two instances of every
 * service, 1,000 volume requests with attaches and detaches while each instance, the Kafka broker and the stack's own
 * PostgreSQL are killed with SIGKILL in turn, the arrays fail a tenth of the requests and time out one in a hundred,
 * sessions expire and storage nodes flap around their takeover deadline. Nothing may be lost, doubled or left behind.
 */
@SystemTest(expectedErrors = {ChaosErrors.TRANSACTION_ON_A_LOST_CONNECTION, ChaosErrors.POSTGRES_RECOVERING,
        ChaosErrors.SQL_POOL_TIMER_AFTER_A_FAILED_ACQUIRE, ChaosErrors.SECOND_REPLICA_CREATING_ITS_DATABASE,
        ChaosErrors.KAFKA_OFFSETS_LOAD_UNDER_A_STALE_EPOCH})
class ChaosSystemIT {

    @Test
    void aThousandRequestsThroughKillsFaultsAndFlapsEndWithNothingLostDoubledOrLeftBehind() {
        Path root = Stack.findRoot();
        try (Stack stack = Stack.start(ChaosRun.shape(Stack.Options.defaults(root)
                .work(root.resolve("devstack/target/system-test-chaos")).anyFreePorts()
                .databaseSuffix("_systest_chaos")))) {
            ChaosReport report = ChaosRun.run(stack, ChaosRun.Plan.defaults(), System.out);
            report.summary().forEach(System.out::println);

            assertThat(report.problems()).as("lost, doubled, orphaned, double connections, crash loops").isEmpty();
            assertThat(report.requests()).isEqualTo(1_000);
            // The faults happened: every instance, the broker and the database were killed and came back; every
            // kind of array fault fired; sessions expired; each flap settled one way or the other.
            assertThat(report.kills()).extracting(ChaosReport.Kill::target)
                    .containsAll(stack.services().stream().map(Stack.RunningService::name).toList())
                    .contains("kafka", "postgresql");
            assertThat(report.faults().values()).allMatch(fired -> fired > 0);
            assertThat(report.sessionExpiries()).isPositive();
            assertThat(report.flaps()).hasSize(3).noneMatch(f -> f.outcome().startsWith("not settled"));
            assertThat(report.attaches()).isGreaterThanOrEqualTo(200);
            // After a thousand requests, kills, faults and dead letters: no secret in a log line, an event, a REST
            // answer or a Kubernetes object.
            assertThat(SecretScan.ofRunningStack(stack)).as("secrets exposed").isEmpty();
        }
    }
}
