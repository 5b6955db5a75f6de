package dev.mooring.topology.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Precedence per level: px/* label, then topology.kubernetes.io (GA before legacy beta), then px_env (PX_ before
 * PWX_), then the default. Conflicts within the deciding tier leave the level unset and are reported.
 */
class TopologyDerivationTest {

    private static final TopologyDefaults DEFAULTS = new TopologyDefaults("def-region", "def-zone", "def-rack");

    /** The input names of one level, spelled out (not taken from the code under test). */
    private record Keys(TopologyLevel level, String px, String ga, String beta, String pxEnv, String pwxEnv) {
    }

    private static final Keys REGION = new Keys(TopologyLevel.REGION, "px/region", "topology.kubernetes.io/region",
            "failure-domain.beta.kubernetes.io/region", "PX_REGION", "PWX_REGION");
    private static final Keys ZONE = new Keys(TopologyLevel.ZONE, "px/zone", "topology.kubernetes.io/zone",
            "failure-domain.beta.kubernetes.io/zone", "PX_ZONE", "PWX_ZONE");
    private static final Keys RACK = new Keys(TopologyLevel.RACK, "px/rack", null, null, "PX_RACK", "PWX_RACK");

    record Case(String name, TopologyLevel level, Map<String, String> labels, Map<String, String> env,
                TopologyDefaults defaults, String value, String source, List<String> conflicts) {
        @Override
        public String toString() {
            return level.label() + ": " + name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Keys k : List.of(REGION, ZONE)) {
            String lvl = k.level().label();
            cases.add(of(k, "px label alone", map(k.px(), "p"), map(), "p", "label:" + k.px()));
            cases.add(of(k, "px label beats every other input", map(k.px(), "p", k.ga(), "g", k.beta(), "b"),
                    map(k.pxEnv(), "e", k.pwxEnv(), "w"), "p", "label:" + k.px()));
            cases.add(of(k, "px label decides over a conflict below it", map(k.px(), "p", k.ga(), "g", k.beta(), "b"),
                    map(), "p", "label:" + k.px()));
            cases.add(of(k, "GA topology label alone", map(k.ga(), "g"), map(), "g", "label:" + k.ga()));
            cases.add(of(k, "legacy beta label alone", map(k.beta(), "b"), map(), "b", "label:" + k.beta()));
            cases.add(of(k, "GA and beta agreeing: no conflict, GA named", map(k.ga(), "g", k.beta(), "g"), map(),
                    "g", "label:" + k.ga()));
            cases.add(of(k, "topology label beats px_env", map(k.ga(), "g"), map(k.pxEnv(), "e"), "g",
                    "label:" + k.ga()));
            cases.add(of(k, "beta label beats px_env", map(k.beta(), "b"), map(k.pxEnv(), "e", k.pwxEnv(), "w"), "b",
                    "label:" + k.beta()));
            cases.add(of(k, "PX_ spelling", map(), map(k.pxEnv(), "e"), "e", "px_env:" + k.pxEnv()));
            cases.add(of(k, "older PWX_ spelling", map(), map(k.pwxEnv(), "w"), "w", "px_env:" + k.pwxEnv()));
            cases.add(of(k, "PX_ and PWX_ agreeing: no conflict, PX_ named", map(), map(k.pxEnv(), "e", k.pwxEnv(), "e"),
                    "e", "px_env:" + k.pxEnv()));
            cases.add(of(k, "px_env beats the default", map(), map(k.pwxEnv(), "w"), "w", "px_env:" + k.pwxEnv()));
            cases.add(of(k, "nothing given: the default", map("unrelated", "x"), map("PX_OTHER", "y"),
                    "def-" + lvl, "default"));
            cases.add(new Case("nothing given, no default: unset", k.level(), map(), map(), TopologyDefaults.none(),
                    null, null, List.of()));
            cases.add(of(k, "blank px label ignored", map(k.px(), "", k.ga(), "g"), map(), "g", "label:" + k.ga()));
            cases.add(of(k, "whitespace topology labels ignored", map(k.ga(), "  ", k.beta(), ""), map(k.pxEnv(), "e"),
                    "e", "px_env:" + k.pxEnv()));
            cases.add(of(k, "blank PX_ ignored for PWX_", map(), map(k.pxEnv(), " ", k.pwxEnv(), "w"), "w",
                    "px_env:" + k.pwxEnv()));
            cases.add(of(k, "all blank: the default", map(k.px(), "", k.ga(), " "), map(k.pxEnv(), "", k.pwxEnv(), "\t"),
                    "def-" + lvl, "default"));
            cases.add(of(k, "values are trimmed", map(k.ga(), " g "), map(), "g", "label:" + k.ga()));
            cases.add(conflict(k, "GA and beta labels differ: unset, no fall-through to px_env or default",
                    map(k.ga(), "a", k.beta(), "b"), map(k.pxEnv(), "e"),
                    lvl + ": label:" + k.ga() + "=a vs label:" + k.beta() + "=b"));
            cases.add(conflict(k, "labels differing only in case conflict", map(k.ga(), "A", k.beta(), "a"), map(),
                    lvl + ": label:" + k.ga() + "=A vs label:" + k.beta() + "=a"));
            cases.add(conflict(k, "PX_ and PWX_ differ: unset, no fall-through to the default", map(),
                    map(k.pxEnv(), "a", k.pwxEnv(), "b"),
                    lvl + ": px_env:" + k.pxEnv() + "=a vs px_env:" + k.pwxEnv() + "=b"));
            cases.add(of(k, "px_env conflict below a topology label is not consulted", map(k.beta(), "b"),
                    map(k.pxEnv(), "a", k.pwxEnv(), "c"), "b", "label:" + k.beta()));
            cases.add(of(k, "a blank input is no conflict", map(k.ga(), "g", k.beta(), " "), map(), "g",
                    "label:" + k.ga()));
        }
        Keys k = RACK;
        cases.add(of(k, "px/rack label alone", map(k.px(), "r1"), map(), "r1", "label:px/rack"));
        cases.add(of(k, "px/rack beats px_env", map(k.px(), "r1"), map(k.pxEnv(), "r2", k.pwxEnv(), "r3"), "r1",
                "label:px/rack"));
        cases.add(of(k, "no standard rack label is read", map("topology.kubernetes.io/rack", "x",
                "failure-domain.beta.kubernetes.io/rack", "y"), map(k.pxEnv(), "r2"), "r2", "px_env:PX_RACK"));
        cases.add(of(k, "PX_RACK", map(), map(k.pxEnv(), "r2"), "r2", "px_env:PX_RACK"));
        cases.add(of(k, "PWX_RACK", map(), map(k.pwxEnv(), "r3"), "r3", "px_env:PWX_RACK"));
        cases.add(of(k, "PX_RACK and PWX_RACK agreeing", map(), map(k.pxEnv(), "r2", k.pwxEnv(), "r2"), "r2",
                "px_env:PX_RACK"));
        cases.add(of(k, "nothing given: the configured default rack", map(), map(), "def-rack", "default"));
        cases.add(new Case("nothing given and no default rack (the default): unset", TopologyLevel.RACK, map(), map(),
                new TopologyDefaults("r", "z", null), null, null, List.of()));
        cases.add(of(k, "blank px/rack ignored", map(k.px(), ""), map(k.pwxEnv(), "r3"), "r3", "px_env:PWX_RACK"));
        cases.add(conflict(k, "PX_RACK and PWX_RACK differ: unset, the default rack not taken", map(),
                map(k.pxEnv(), "r2", k.pwxEnv(), "r3"), "rack: px_env:PX_RACK=r2 vs px_env:PWX_RACK=r3"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachLevelFollowsThePrecedence(Case c) {
        NodeTopology topology = TopologyDerivation.derive(c.labels(), c.env(), c.defaults());

        assertThat(topology.level(c.level())).isEqualTo(new LevelValue(c.value(), c.source()));
        assertThat(topology.conflicts()).isEqualTo(c.conflicts());
    }

    @Test
    void levelsAreDerivedIndependentlyAndConflictsListedInLevelOrder() {
        NodeTopology topology = TopologyDerivation.derive(
                map("px/region", "ocsydney", "topology.kubernetes.io/region", "ap-southeast-2",
                        "topology.kubernetes.io/zone", "a", "failure-domain.beta.kubernetes.io/zone", "b"),
                map("PX_RACK", "r1", "PWX_RACK", "r2", "PX_ZONE", "z"),
                DEFAULTS);

        assertThat(topology.region()).isEqualTo(new LevelValue("ocsydney", "label:px/region"));
        assertThat(topology.zone()).isEqualTo(LevelValue.unset());
        assertThat(topology.rack()).isEqualTo(LevelValue.unset());
        assertThat(topology.conflicts()).containsExactly(
                "zone: label:topology.kubernetes.io/zone=a vs label:failure-domain.beta.kubernetes.io/zone=b",
                "rack: px_env:PX_RACK=r1 vs px_env:PWX_RACK=r2");
    }

    @Test
    void theBlogsTwoCloudsInOneRegion() {
        // DR blog: AWS and Azure nodes keep their cloud zones, px/region puts both into one Portworx region.
        NodeTopology aws = TopologyDerivation.derive(map("px/region", "ocsydney",
                "topology.kubernetes.io/region", "ap-southeast-2", "topology.kubernetes.io/zone", "ap-southeast-2a"),
                map(), DEFAULTS);
        NodeTopology azure = TopologyDerivation.derive(map("px/region", "ocsydney",
                "topology.kubernetes.io/region", "australiaeast", "topology.kubernetes.io/zone", "australiaeast-1"),
                map(), DEFAULTS);

        assertThat(aws.region()).isEqualTo(azure.region());
        assertThat(aws.zone().value()).isNotEqualTo(azure.zone().value());
        assertThat(aws.rack()).isEqualTo(new LevelValue("def-rack", "default"));
    }

    @Test
    void noInputsAtAllGiveTheDefaults() {
        NodeTopology topology = TopologyDerivation.derive(null, null, DEFAULTS);

        assertThat(topology).isEqualTo(new NodeTopology(new LevelValue("def-region", "default"),
                new LevelValue("def-zone", "default"), new LevelValue("def-rack", "default"), List.of()));
    }

    private static Case of(Keys k, String name, Map<String, String> labels, Map<String, String> env, String value,
                           String source) {
        return new Case(name, k.level(), labels, env, DEFAULTS, value, source, List.of());
    }

    private static Case conflict(Keys k, String name, Map<String, String> labels, Map<String, String> env,
                                 String conflict) {
        return new Case(name, k.level(), labels, env, DEFAULTS, null, null, List.of(conflict));
    }

    private static Map<String, String> map(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
