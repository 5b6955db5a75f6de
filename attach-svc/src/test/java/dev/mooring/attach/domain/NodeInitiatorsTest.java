package dev.mooring.attach.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeInitiatorsTest {

    @ParameterizedTest(name = "IQN \"{0}\" valid={1}")
    @CsvSource(delimiter = '|', value = {
            "iqn.1993-08.org.debian:01:abcdef    | true",
            "IQN.1993-08.org.debian:01:abcdef    | true",
            "eui.02004567A425678D                | true",
            "nqn.2014-08.org.nvmexpress:uuid:1   | false",
            "debian:01:abcdef                    | false",
            "iqn.with space                      | false",
    })
    void iqnsMustBeIscsiNames(String value, boolean valid) {
        NodeInitiators.Parsed parsed = NodeInitiators.parse(List.of(value), List.of());

        assertThat(parsed.valid()).isEqualTo(valid);
        assertThat(parsed.initiators().hasIqn()).isEqualTo(valid);
        if (!valid) {
            assertThat(parsed.problems()).singleElement().asString().contains(value.trim());
        }
    }

    @ParameterizedTest(name = "WWN \"{0}\" → {1}")
    @CsvSource(delimiter = '|', value = {
            "21:00:00:24:ff:3a:4f:1c | 21000024FF3A4F1C",
            "21000024ff3a4f1c        | 21000024FF3A4F1C",
            "21-00-00-24-FF-3A-4F-1C | 21000024FF3A4F1C",
            "21:00:00:24:ff:3a:4f    | invalid",
            "zz000024ff3a4f1c        | invalid",
    })
    void wwnsAreNormalisedAsTheArrayShowsThem(String value, String expected) {
        NodeInitiators.Parsed parsed = NodeInitiators.parse(List.of(), List.of(value));

        if (expected.equals("invalid")) {
            assertThat(parsed.problems()).singleElement().asString().contains(value.trim(), "16 hex digits");
        } else {
            assertThat(parsed.initiators().wwns()).containsExactly(expected);
        }
    }

    @Test
    void annotationValuesSplitOnCommasAndSpacesAndDuplicatesCollapse() {
        List<String> parts = NodeInitiators.split(" 21:00:00:24:ff:3a:4f:1c, 21000024FF3A4F1C ,,2100000000000001 ");
        NodeInitiators.Parsed parsed = NodeInitiators.parse(null, parts);

        assertThat(parsed.initiators().wwns()).containsExactly("21000024FF3A4F1C", "2100000000000001");
        assertThat(NodeInitiators.split(null)).isEmpty();
    }

    @Test
    void sameInitiatorsIgnoreIqnCaseAndOrder() {
        NodeInitiators a = new NodeInitiators(List.of("iqn.2020-01.io.x:A"), List.of("2100000000000001", "2100000000000002"));
        NodeInitiators b = new NodeInitiators(List.of("IQN.2020-01.IO.X:a"), List.of("2100000000000002", "2100000000000001"));

        assertThat(a.sameAs(b)).isTrue();
        assertThat(a.sameAs(NodeInitiators.none())).isFalse();
    }

    @ParameterizedTest(name = "annotations [{0}], agent [{1}] → {2}")
    @CsvSource(nullValues = "-", value = {
            "iqn.a.b:1, iqn.a.b:2, Annotation",
            "-,         iqn.a.b:2, Agent",
            "iqn.a.b:1, -,         Annotation",
            "-,         -,         None",
    })
    void annotationsWinOverTheAgentWhenTheyNameAny(String annotated, String agent, InitiatorSource expected) {
        NodeInitiators fromAnnotations = annotated == null ? NodeInitiators.none()
                : new NodeInitiators(List.of(annotated), List.of());
        NodeInitiators fromAgent = agent == null ? null : new NodeInitiators(List.of(agent), List.of());

        assertThat(InitiatorSource.effective(fromAnnotations, fromAgent)).isEqualTo(expected);
    }
}
