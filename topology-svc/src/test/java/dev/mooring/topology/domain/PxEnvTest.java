package dev.mooring.topology.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading a node's /etc/pwx/px_env, as the file's text or as a JSON object. */
class PxEnvTest {

    @Test
    void theFileIsReadAsAShellWouldSourceIt() {
        PxEnv.Parsed parsed = PxEnv.fromText("""
                # Portworx node settings
                PX_REGION=us-east

                export PX_ZONE="us-east-1a"
                PWX_RACK='rack-7'   # the older spelling
                PX_HTTP_PROXY=http://user:secret@proxy:3128
                PX_RACK=r1 # trailing comment
                PX_RACK=r2
                PWX_ZONE=
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.env().values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PX_REGION", "us-east", "PX_ZONE", "us-east-1a", "PWX_RACK", "rack-7", "PX_RACK", "r2"));
        assertThat(parsed.ignoredKeys()).containsExactly("PX_HTTP_PROXY");
    }

    @Test
    void windowsLineEndsAndAnEmptyFileAreFine() {
        assertThat(PxEnv.fromText("PX_ZONE=a\r\nPX_RACK=b\r\n").env().values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("PX_ZONE", "a", "PX_RACK", "b"));
        assertThat(PxEnv.fromText("").env().values()).isEmpty();
        assertThat(PxEnv.fromText(null).valid()).isTrue();
    }

    static Stream<Arguments> badText() {
        return Stream.of(
                Arguments.of("PX_ZONE=a\njust some words\n", "line 2", "is not a KEY=value assignment"),
                Arguments.of("=value\n", "line 1", "is not a KEY=value assignment"),
                Arguments.of("PX-ZONE=a\n", "line 1", "'PX-ZONE' is not a variable name"),
                Arguments.of("PX_ZONE=us east 1\n", "PX_ZONE", "'us east 1' is not a valid label value"),
                Arguments.of("PWX_REGION=-bad-\n", "PWX_REGION", "'-bad-' is not a valid label value"),
                Arguments.of("PX_RACK=" + "r".repeat(64) + "\n", "PX_RACK", "a label value has at most 63"),
                Arguments.of("PX_ZONE=\"a\n", "PX_ZONE", "has an unterminated quote (line 1)"),
                Arguments.of("PX_ZONE=\"a\"b\n", "PX_ZONE", "has text after its closing quote (line 1)"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badText")
    void badTextIsRefusedNamingTheKeyOrLine(String text, String field, String reason) {
        PxEnv.Parsed parsed = PxEnv.fromText(text);

        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.reason()).contains(reason);
        });
        assertThat(parsed.env().values()).isEmpty();
    }

    @Test
    void aLineIsNeverEchoedInAProblem() {
        PxEnv.Parsed parsed = PxEnv.fromText("PX_SECRET_TOKEN hunter2\n");

        assertThat(parsed.problems()).singleElement()
                .satisfies(p -> assertThat(p.field() + p.reason()).doesNotContain("hunter2"));
    }

    @Test
    void aJsonObjectTakesStringsAndNumbersAndNamesBadKeys() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("PX_REGION", "eu");
        body.put("PWX_ZONE", "eu-1");
        body.put("PX_RACK", 7);
        body.put("PX_ZONE", null);
        body.put("PWX_REGION", " ");
        body.put("PX_CLUSTER_ID", "ignored");
        PxEnv.Parsed parsed = PxEnv.fromMap(body);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.env().values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PX_REGION", "eu", "PWX_ZONE", "eu-1", "PX_RACK", "7"));
        assertThat(parsed.ignoredKeys()).containsExactly("PX_CLUSTER_ID");

        PxEnv.Parsed bad = PxEnv.fromMap(Map.of("PX_ZONE", List.of("a"), "PX_RACK", "not valid!"));
        assertThat(bad.problems()).extracting(FieldProblem::field).containsExactlyInAnyOrder("PX_ZONE", "PX_RACK");
        assertThat(bad.env().values()).isEmpty();
    }

    @Test
    void keysAreCaseSensitiveAsInAShell() {
        PxEnv.Parsed parsed = PxEnv.fromText("px_zone=a\n");

        assertThat(parsed.env().values()).isEmpty();
        assertThat(parsed.ignoredKeys()).containsExactly("px_zone");
    }
}
