package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeSpecTest {

    private static final Map<String, String> BLOCK = Map.of("backend", "pure_block");

    @Test
    void aValidRequestGivesASpecWithItsParameters() {
        VolumeSpec.Result result = VolumeSpec.of("db-data", "10Gi", Map.of("backend", "pure_block",
                "pure_fa_pod_name", "pod1", "max_iops", "5000", "max_bandwidth", "1G"));

        assertThat(result.problems()).isEmpty();
        VolumeSpec spec = result.spec();
        assertThat(spec.sizeBytes()).isEqualTo(10L << 30);
        assertThat(spec.parameters().podName()).hasValue("pod1");
        assertThat(spec.parameters().maxIops()).hasValue(5000L);
        assertThat(spec.parameters().maxBandwidthBytesPerSec()).hasValue(1L << 30);
    }

    @Test
    void sizesAreRoundedUpToWhatTheArrayAccepts() {
        assertThat(VolumeSpec.of("v", "1000001k", BLOCK).spec().sizeBytes()).isEqualTo(1_000_001_024L);
    }

    @ParameterizedTest(name = "[{0}] [{1}] {2}={3} -> {4}: {5}")
    @CsvSource(delimiter = '|', value = {
            "''      | 1Gi   | backend | pure_block   | name                       | is required",
            "DB      | 1Gi   | backend | pure_block   | name                       | lower-case",
            "v       | ''    | backend | pure_block   | size                       | is required",
            "v       | 512Ki | backend | pure_block   | size                       | smaller than the minimum",
            "v       | 5Pi   | backend | pure_block   | size                       | larger than a FlashArray volume",
            "v       | -3Gi  | backend | pure_block   | size                       | must not be negative",
            "v       | 1Gi   | backend | pure_file    | parameters.backend         | file storage) is not supported",
            "v       | 1Gi   | backend | nfs          | parameters.backend         | unknown backend 'nfs'",
            "v       | 1Gi   | colour  | blue         | parameters.colour          | unknown parameter",
            "v       | 1Gi   | max_iops | 99          | parameters.max_iops        | between 100 and 100000000",
            "v       | 1Gi   | max_iops | 100000001   | parameters.max_iops        | between 100 and 100000000",
            "v       | 1Gi   | max_iops | lots        | parameters.max_iops        | whole number",
            "v       | 1Gi   | max_bandwidth | 512K   | parameters.max_bandwidth   | between 1M and 512G",
            "v       | 1Gi   | max_bandwidth | 513G   | parameters.max_bandwidth   | between 1M and 512G",
            "v       | 1Gi   | max_bandwidth | fast   | parameters.max_bandwidth   | is not a bandwidth",
            "v       | 1Gi   | pure_fa_pod_name | my_pod | parameters.pure_fa_pod_name | not a FlashArray pod name",
            "v       | 1Gi   | repl    | 4            | parameters.repl            | must be 1, 2 or 3",
            "v       | 1Gi   | repl    | 0            | parameters.repl            | must be 1, 2 or 3",
            "v       | 1Gi   | repl    | two          | parameters.repl            | got 'two'",
            "v       | 1Gi   | zones   | ' , '        | parameters.zones           | must name at least one zone",
            "v       | 1Gi   | racks   | ''           | parameters.racks           | must name at least one rack"})
    void eachBadInputIsNamedWithItsReason(String name, String size, String key, String value, String field,
                                          String reason) {
        Map<String, String> params = new HashMap<>(BLOCK);
        params.put(key, value);

        VolumeSpec.Result result = VolumeSpec.of(name, size, params);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.reason()).contains(reason);
        });
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        VolumeSpec.Result result = VolumeSpec.of("", "big", Map.of("backend", "x", "max_iops", "1"));

        assertThat(result.problems()).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("name", "size", "parameters.backend", "parameters.max_iops");
    }

    @ParameterizedTest(name = "pure_fa_pod_name={0} well-formed: {1}")
    @CsvSource({"pod1, true", "tenant1::pod1, true", "a::b::c, false", "::pod1, false", "pod1::, false"})
    void aPodNameMayBeRealmQualifiedTheArraySideDecidesWhetherItMayBeUsed(String pod, boolean valid) {
        assertThat(VolumeSpec.of("v", "1Gi", Map.of("backend", "pure_block", "pure_fa_pod_name", pod)).valid())
                .isEqualTo(valid);
    }

    @Test
    void withoutABackendTheVolumeIsPoolBackedWithOneReplicaAnywhere() {
        VolumeSpec spec = VolumeSpec.of("v", "1Gi", Map.of()).spec();

        assertThat(spec.parameters().poolBacked()).isTrue();
        assertThat(spec.parameters().backend()).isEqualTo("pool");
        assertThat(spec.parameters().replicas()).isEqualTo(new ReplicaRules(1, Set.of(), Set.of(), Set.of()));
    }

    @Test
    void aPoolBackedVolumeReadsItsReplicasAndTopologyConstraints() {
        VolumeSpec spec = VolumeSpec.of("v", "1Gi", Map.of("repl", "3", "zones", "z1, z2,", "racks", "rack1",
                "regions", "eu")).spec();

        assertThat(spec.parameters().replicas()).isEqualTo(new ReplicaRules(3, Set.of("z1", "z2"), Set.of("rack1"),
                Set.of("eu")));
    }

    @Test
    void flashArrayOnlyParametersNeedTheBackend() {
        assertThat(VolumeSpec.of("v", "1Gi", Map.of("pure_fa_pod_name", "pod1", "max_iops", "500")).problems())
                .extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("parameters.pure_fa_pod_name", "parameters.max_iops");
        assertThat(VolumeSpec.of("v", "1Gi", Map.of("pure_fa_pod_name", "pod1")).problems().get(0).reason())
                .contains("applies to FlashArray volumes only: add backend 'pure_block'");
    }
}
