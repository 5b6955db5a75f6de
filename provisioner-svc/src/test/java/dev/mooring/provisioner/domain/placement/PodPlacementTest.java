package dev.mooring.provisioner.domain.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodPlacementTest {

    private static final List<String> SEARCHED = List.of("array-a", "array-b");

    @ParameterizedTest(name = "{0}: {1} {2} {3} {4} -> {5}")
    @CsvSource(delimiter = '|', value = {
            // what                   | full name        | destroyed | promotion  | arrays           | reason           | message names
            "stretched and promoted   | pod1             | false     | promoted   | array-a,array-b  | ''               | ''",
            "older array, no status   | pod1             | false     | ''         | array-a,array-b  | ''               | ''",
            "missing                  | ''               | false     | ''         | ''               | PodNotFound      | array-a, array-b",
            "destroyed                | pod1             | true      | promoted   | array-a,array-b  | PodNotFound      | destroyed",
            "in a realm               | tenant1::pod1    | false     | promoted   | array-a,array-b  | PodInRealm       | realm tenant1",
            "demoted                  | pod1             | false     | demoted    | array-a          | PodNotPromoted   | is demoted",
            "local to one array       | pod1             | false     | promoted   | array-a          | PodNotStretched  | exists only on array-a"})
    void aVolumeGoesOnlyIntoAStretchedPromotedPodOutsideARealm(String what, String fullName, boolean destroyed,
                                                               String promotion, String arrays, String reason,
                                                               String names) {
        Optional<PodPlacement.PodFacts> found = fullName.isEmpty() ? Optional.empty()
                : Optional.of(new PodPlacement.PodFacts(fullName, "array-a", destroyed,
                        promotion.isEmpty() ? null : promotion, Arrays.asList(arrays.split(","))));

        Optional<PodPlacement.Refusal> refusal = PodPlacement.check("pod1", found, SEARCHED, false);

        if (reason.isEmpty()) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).hasValueSatisfying(r -> {
                assertThat(r.reason()).isEqualTo(reason);
                assertThat(r.message()).contains("pod1", names);
                assertThat(r.retryable()).isFalse();
            });
        }
    }

    @ParameterizedTest(name = "some arrays unregistered: {0}")
    @CsvSource({"true", "false"})
    void aMissingPodMayYetAppearWhileSomeArraysAreNotRegistered(boolean incomplete) {
        assertThat(PodPlacement.check("pod9", Optional.empty(), SEARCHED, incomplete))
                .hasValueSatisfying(r -> assertThat(r.retryable()).isEqualTo(incomplete));
    }
}
