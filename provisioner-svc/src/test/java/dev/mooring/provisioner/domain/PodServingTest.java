package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.domain.PodServing.ArrayStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodServingTest {

    /** Statuses as {@code array=status} pairs; {@code -} = health-svc never reported on the pod. */
    @ParameterizedTest(name = "{0} -> refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "-                               | false | ",
            "array-a=online,array-b=offline  | false | ",
            "array-a=resyncing,array-b=online | false | ",
            "array-a=offline,array-b=offline | true  | Pod pod1 is served by no array (array-a offline, array-b offline)",
            "array-b=resyncing,array-a=offline | true | array-a offline, array-b resyncing (40%)",
            "array-a=unknown                 | true  | array-a unknown",
            "array-a=offline                 | true  | new volumes in it are created once an array serves it again"})
    void aPodThatNoArrayServesTakesNoNewVolume(String statuses, boolean refused, String message) {
        List<ArrayStatus> each = new ArrayList<>();
        if (!"-".equals(statuses)) {
            for (String pair : statuses.split(",")) {
                String[] kv = pair.split("=");
                each.add(new ArrayStatus(kv[0], kv[1], "resyncing".equals(kv[1]) ? 0.4 : null));
            }
        }

        var refusal = PodServing.check("pod1", each);

        assertThat(refusal.isPresent()).isEqualTo(refused);
        refusal.ifPresent(r -> {
            assertThat(r.reason()).isEqualTo("PodNotServed");
            assertThat(r.retryable()).isTrue();
            assertThat(r.message()).contains(message);
        });
    }
}
