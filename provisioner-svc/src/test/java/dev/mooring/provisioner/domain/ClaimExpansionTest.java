package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClaimExpansionTest {

    private static final long GI = 1L << 30;

    @ParameterizedTest(name = "volume {0}Gi, pending {1}, claim {2}, allowed {3} -> {4} {5}")
    @CsvSource(delimiter = '|', value = {
            "10 | ''  | 10      | true  | NoChange   | 0",
            "10 | ''  | ''      | true  | NoChange   | 0",
            "10 | ''  | 20      | true  | Expand     | 20",
            "10 | 20  | 20      | true  | NoChange   | 0",
            "10 | 30  | 20      | true  | NoChange   | 0",
            "10 | 15  | 20      | true  | Expand     | 20",
            "10 | ''  | 20      | false | NotAllowed | 20",
            "10 | ''  | 5       | true  | Shrink     | 5",
            "10 | ''  | 5       | false | Shrink     | 5",
            "10 | ''  | 5000000 | true  | TooLarge   | 5000000"})
    void aClaimsRequestedSizeDecidesTheVolumesSize(long volume, String pending, String claim, boolean allowed,
                                                   String outcome, long sizeGi) {
        ClaimExpansion.Outcome decided = ClaimExpansion.decide(volume * GI,
                pending.isEmpty() ? null : Long.parseLong(pending) * GI,
                claim.isEmpty() ? null : Long.parseLong(claim) * GI, allowed);

        assertThat(decided.getClass().getSimpleName()).isEqualTo(outcome);
        if (decided instanceof ClaimExpansion.Expand e) {
            assertThat(e.sizeBytes()).isEqualTo(sizeGi * GI);
        } else if (decided instanceof ClaimExpansion.NotAllowed n) {
            assertThat(n.sizeBytes()).isEqualTo(sizeGi * GI);
        } else if (decided instanceof ClaimExpansion.Shrink s) {
            assertThat(s.sizeBytes()).isEqualTo(sizeGi * GI);
        }
    }

    @ParameterizedTest(name = "claim {0} bytes -> {1}")
    @CsvSource({"1073741824, NoChange", "1073741825, Expand", "1073741312, Shrink"})
    void sizesCompareAfterRoundingUpTo512(long claim, String outcome) {
        assertThat(ClaimExpansion.decide(GI, null, claim, true).getClass().getSimpleName()).isEqualTo(outcome);
    }
}
