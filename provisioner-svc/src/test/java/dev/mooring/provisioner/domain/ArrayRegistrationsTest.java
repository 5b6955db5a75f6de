package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.domain.ArrayRegistrations.Observed;
import dev.mooring.provisioner.domain.ArrayRegistrations.Recorded;
import dev.mooring.provisioner.domain.ArrayRegistrations.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArrayRegistrationsTest {

    /** {@code status:name:reason}, blank for none, e.g. {@code Registered:array-a:} or {@code Failed::TokenRefused}. */
    private static Observed observed(String spec) {
        String[] p = (spec + ":::").split(":", -1);
        return new Observed("10.0.0.1", "FlashArrays[0] (10.0.0.1)", "10.0.0.1", Status.valueOf(p[0]),
                p[1].isEmpty() ? null : p[1], p[1].isEmpty() ? null : "id-" + p[1], "6.6.11", 100L, 50L, Map.of(),
                p[2].isEmpty() ? null : p[2], p[2].isEmpty() ? null : "message");
    }

    private static Recorded recorded(String spec) {
        String[] p = (spec + ":::").split(":", -1);
        return new Recorded("10.0.0.1", p[1].isEmpty() ? null : p[1], "10.0.0.1", Status.valueOf(p[0]),
                p[2].isEmpty() ? null : p[2]);
    }

    @ParameterizedTest(name = "recorded [{0}], now [{1}], settled {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // recorded                  | observed now               | settled | steps
            "''                          | Registered:array-a:         | true    | Announce",
            "''                          | Failed::TokenRefused        | true    | Announce",
            "''                          | Pending::NotYetChecked      | true    | ''",
            "Registered:array-a:         | Registered:array-a:         | true    | Refresh",
            "Registered:array-a:         | Pending::NotYetChecked      | true    | ''",
            "Registered:array-a:         | Failed::TokenRefused        | true    | Announce",
            "Failed:array-a:TokenRefused | Failed::TokenRefused        | true    | Refresh",
            "Failed:array-a:TokenRefused | Failed::Unreachable         | true    | Announce",
            "Failed:array-a:TokenRefused | Registered:array-a:         | true    | Announce",
            "Registered:array-a:         | Registered:array-z:         | true    | Announce",
            "Registered:array-a:         | ''                          | true    | Remove:array-a",
            "Failed::Malformed           | ''                          | true    | Remove:",
            "Registered:array-a:         | ''                          | false   | ''"})
    void onlyAChangeOfRegistrationIsAnEvent(String before, String now, boolean settled, String expected) {
        List<Recorded> recorded = before.isEmpty() ? List.of() : List.of(recorded(before));
        List<Observed> observed = now.isEmpty() ? List.of() : List.of(observed(now));

        List<ArrayRegistrations.Step> steps = ArrayRegistrations.diff(observed, recorded, settled);

        List<String> described = new ArrayList<>();
        for (ArrayRegistrations.Step step : steps) {
            described.add(step instanceof ArrayRegistrations.Remove r
                    ? "Remove:" + (r.arrayName() == null ? "" : r.arrayName())
                    : step.getClass().getSimpleName());
        }
        assertThat(String.join(",", described)).isEqualTo(expected);
    }
}
