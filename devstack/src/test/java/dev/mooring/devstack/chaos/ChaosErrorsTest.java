package dev.mooring.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The chaos run's expected ERROR lines, as the libraries word them in real runs, and nothing of the services' own. */
class ChaosErrorsTest {

    private static boolean expected(String line) {
        return ChaosErrors.EXPECTED.stream().anyMatch(p -> p.matcher(line).find());
    }

    @Test
    void theSqlClientsWordsForATransactionOnAConnectionPostgresqlTookWithItAreExpected() {
        List<String> lines = List.of(
                "2026-12-06T17:17:44.703Z level=ERROR service=provisioner-svc logger=SqlClientConnection correlationId=5a5e"
                        + " Failed to start a transaction: Failed to read any response from the server, the underlying"
                        + " connection may have been lost unexpectedly.",
                "2026-12-06T12:22:10.101Z level=ERROR service=attach-svc logger=SqlClientConnection correlationId=1b2c"
                        + " Failed to rollback transaction",
                "2026-12-06T12:22:10.102Z level=ERROR service=health-svc logger=SqlClientConnection correlationId="
                        + " Failed to commit transaction");
        assertThat(lines).allMatch(ChaosErrorsTest::expected);
    }

    @Test
    void theBrokersCoordinatorLoadingOffsetsUnderAnEpochThatMovedOnIsExpectedAndNothingElseOfItsOwn() {
        // As a CI run's broker logged it on its way back from kill -9 (loaded again under epoch 2 two seconds later).
        assertThat(expected("2026-12-07T05:49:56.496Z [group-coordinator-event-processor-3] ERROR"
                + " org.apache.kafka.coordinator.common.runtime.CoordinatorRuntime - [GroupCoordinator id=1] Failed to load"
                + " metadata from __consumer_offsets-1 with epoch 0 due to"
                + " org.apache.kafka.common.errors.NotLeaderOrFollowerException: Stopped loading records from"
                + " __consumer_offsets-1 because the partition is not online or is no longer the leader..")).isTrue();
        assertThat(expected("2026-12-07T05:49:56.496Z [group-coordinator-event-processor-3] ERROR"
                + " org.apache.kafka.coordinator.common.runtime.CoordinatorRuntime - [GroupCoordinator id=1] Failed to load"
                + " metadata from __consumer_offsets-1 with epoch 0 due to org.apache.kafka.common.errors.CorruptRecordException"))
                .isFalse();
    }

    @Test
    void aServicesOwnErrorIsAFinding() {
        assertThat(expected("2026-12-06T17:17:44.703Z level=ERROR service=attach-svc logger=AttachVolume correlationId=x"
                + " Failed to start a transaction for the attachment")).isFalse();
        assertThat(expected("2026-12-06T17:17:44.703Z level=ERROR service=attach-svc logger=SqlClientConnection"
                + " correlationId=x Failed to prepare statement")).isFalse();
    }
}
