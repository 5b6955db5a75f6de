package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local stack's JVMs compile with C1 only, so a two-replica stack starts in about half the time on 2 cores; a
 * benchmark's run with the JIT a cluster runs. Asked of a real child JVM: the flags it reports it runs with.
 */
class StackJitTest {

    @TempDir
    Path work;

    @Test
    void aStacksJvmCompilesWithC1Only() throws IOException {
        assertThat(tieredStopAtLevelOf(new AppLauncher(Stack.findRoot(), work, work.resolve("logs"), false), "quick"))
                .isEqualTo(1);
        assertThat(Stack.Options.defaults(Stack.findRoot()).productionJit()).isFalse();
    }

    @Test
    void aBenchmarksJvmCompilesAsInACluster() throws IOException {
        assertThat(tieredStopAtLevelOf(new AppLauncher(Stack.findRoot(), work, work.resolve("logs"), false, true), "full"))
                .isEqualTo(4);
        assertThat(Stack.Options.defaults(Stack.findRoot()).withProductionJit().productionJit()).isTrue();
    }

    private static int tieredStopAtLevelOf(AppLauncher launcher, String name) throws IOException {
        ChildProcess jvm = launcher.java(name, List.of(), List.of("-XX:+PrintFlagsFinal", "-version"), Map.of());
        assertThat(jvm.start().await(Duration.ofSeconds(60))).as(jvm.tail(20)).isZero();
        String flag = Files.readAllLines(jvm.log()).stream().filter(l -> l.contains(" TieredStopAtLevel "))
                .findFirst().orElseThrow(() -> new AssertionError("no TieredStopAtLevel in " + jvm.tail(5)));
        return Integer.parseInt(flag.replaceAll(".*=\\s*(\\d+).*", "$1"));
    }
}
