package dev.mooring.flasharray.client.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterTest {

    @Test
    void quotesStringLiteralsAndKeepsWildcards() {
        assertThat(Filter.eq("name", "pvc-*").expression()).isEqualTo("name='pvc-*'");
        assertThat(Filter.ne("pod.name", "p1").expression()).isEqualTo("pod.name!='p1'");
    }

    @Test
    void numbersAreBareBooleansQuoted() {
        assertThat(Filter.ge("provisioned", 1073741824L).expression()).isEqualTo("provisioned>=1073741824");
        assertThat(Filter.lt("time_remaining", 5).expression()).isEqualTo("time_remaining<5");
        assertThat(Filter.gt("space.data_reduction", 2.5).expression()).isEqualTo("space.data_reduction>2.5");
        assertThat(Filter.le("created", 10).expression()).isEqualTo("created<=10");
        assertThat(Filter.eq("destroyed", false).expression()).isEqualTo("destroyed='false'");
    }

    @Test
    void containsExistsAndNot() {
        assertThat(Filter.contains("iqns", "iqn.1993-08.org.debian:01:abc").and(Filter.exists("is_local")).expression())
                .isEqualTo("contains(iqns,'iqn.1993-08.org.debian:01:abc') and is_local");
        assertThat(Filter.not(Filter.eq("pod.name", "p1")).expression()).isEqualTo("not(pod.name='p1')");
        assertThat(Filter.eq("name", "a").negate().expression()).isEqualTo("not(name='a')");
    }

    @Test
    void groupsOnlyWhereNeeded() {
        Filter f = Filter.eq("name", "a").or(Filter.eq("name", "b")).and(Filter.eq("destroyed", false));
        assertThat(f.expression()).isEqualTo("(name='a' or name='b') and destroyed='false'");
        Filter g = Filter.eq("x", "1").and(Filter.eq("y", "2").or(Filter.eq("z", "3")));
        assertThat(g.expression()).isEqualTo("x='1' and (y='2' or z='3')");
        assertThat(Filter.not(f).expression()).isEqualTo("not((name='a' or name='b') and destroyed='false')");
        assertThat(Filter.in("name", List.of("a", "b", "c")).expression())
                .isEqualTo("(name='a' or name='b') or name='c'");
        assertThat(Filter.allOf(Filter.exists("a"), Filter.exists("b"), Filter.exists("c")).expression())
                .isEqualTo("(a and b) and c");
        assertThat(Filter.anyOf(Filter.exists("a")).expression()).isEqualTo("a");
    }

    @Test
    void timeRanges() {
        assertThat(Filter.ge("start_time", 100).and(Filter.le("end_time", 200)).toString())
                .isEqualTo("start_time>=100 and end_time<=200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"it's", "a'b", "'", "x' or name='*", "line\nbreak", "tab\there", "nul\u0000", "bell\u0007",
            "del\u007f", "sep\u2028"})
    void refusesQuotesAndControlCharacters(String value) {
        assertThatThrownBy(() -> Filter.eq("name", value)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.contains("iqns", value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1name", "name)", "name or 1", "a..b", "na me", "name'", "pod.", ".pod"})
    void refusesBadFieldNames(String field) {
        assertThatThrownBy(() -> Filter.eq(field, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.exists(field)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNullAndUnsupportedValues() {
        assertThatThrownBy(() -> Filter.eq("name", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Filter.eq("name", new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.eq("x", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Filter.in("x", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityByExpression() {
        assertThat(Filter.eq("name", "a")).isEqualTo(Filter.eq("name", "a")).hasSameHashCodeAs(Filter.eq("name", "a"));
        assertThat(Filter.eq("name", "a")).isNotEqualTo(Filter.eq("name", "b"));
    }
}
