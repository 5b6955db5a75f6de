package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the closing scan of a system test reports: every error line, minus what the test expects or a stop logs. */
class LogScanTest {

    @Test
    void errorLinesAreReportedExceptExpectedOnesAndWhatIsLoggedAfterShutdownBegan(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("svc.log"), String.join("\n",
                "2026-12-06T09:00:00Z level=INFO service=svc started",
                "2026-12-06T09:00:01Z level=ERROR service=svc logger=x the array said no",
                "2026-12-06T09:00:02Z level=WARN service=svc logger=error ERROR: duplicate key value violates unique constraint",
                "2026-12-06T09:00:03Z level=ERROR service=svc logger=y expected failure injected by the test",
                "2026-12-06T09:00:04Z level=ERROR service=svc logger=rejectedExecution Failed to submit a listener notification"
                        + " task. Event loop shut down? [Error Occurred After Shutdown]: java.util.concurrent.RejectedExecutionException",
                "Exception in thread \"main\" java.lang.IllegalStateException: boom",
                ""));

        List<String> found = LogScan.unexpectedErrors(List.of(log, dir.resolve("missing.log")),
                List.of(Pattern.compile("expected failure injected")));

        assertThat(found).containsExactly(
                "svc.log:2: 2026-12-06T09:00:01Z level=ERROR service=svc logger=x the array said no",
                "svc.log:3: 2026-12-06T09:00:02Z level=WARN service=svc logger=error ERROR: duplicate key value violates unique constraint",
                "svc.log:6: Exception in thread \"main\" java.lang.IllegalStateException: boom");
    }
}
