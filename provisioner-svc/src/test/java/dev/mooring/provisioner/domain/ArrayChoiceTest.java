package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.domain.ArrayChoice.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayChoiceTest {

    @Test
    void theReachableArrayWithTheMostFreeCapacityIsChosen() {
        List<Candidate> candidates = List.of(new Candidate("a", true, 10), new Candidate("b", true, 30),
                new Candidate("c", false, 99));

        assertThat(ArrayChoice.choose(candidates)).map(Candidate::name).hasValue("b");
    }

    @Test
    void tiesGoToTheFirstNameSoTheChoiceIsStable() {
        assertThat(ArrayChoice.choose(List.of(new Candidate("b", true, 5), new Candidate("a", true, 5))))
                .map(Candidate::name).hasValue("a");
    }

    @Test
    void withoutAReachableArrayTheReasonNamesThem() {
        List<Candidate> down = List.of(new Candidate("a", false, 0), new Candidate("b", false, 0));

        assertThat(ArrayChoice.choose(down)).isEmpty();
        assertThat(ArrayChoice.whyNone(down)).isEqualTo("No registered FlashArray is reachable (a, b)");
        assertThat(ArrayChoice.whyNone(List.of())).contains("No FlashArray is registered");
    }
}
