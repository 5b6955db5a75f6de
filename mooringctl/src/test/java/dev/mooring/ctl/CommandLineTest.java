package dev.mooring.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mooring.ctl.FakeServices.Reply;
import dev.mooring.ctl.FakeServices.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mooringctl as a user runs it, against a real HTTP server standing in for the services: output formats, exit codes,
 * {@code --wait}, and errors that name what to fix — never showing the token.
 */
class CommandLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private FakeServices services;
    private Path context;

    @BeforeEach
    void start() throws IOException {
        services = new FakeServices();
        context = services.context(dir);
    }

    @AfterEach
    void stop() {
        services.close();
    }

    private Run ctl(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--context";
        all[args.length + 1] = context.toString();
        Run run = FakeServices.run(Map.of(), dir, all);
        assertThat(run.out() + run.err()).as("the token never shows").doesNotContain(FakeServices.TOKEN);
        return run;
    }

    @Test
    void listsAsATableAndAsTheApisOwnJsonAndYaml() throws IOException {
        String volumes = fixtureText("volumes");
        services.on("GET /api/v1/volumes?size=1000", 200, volumes);

        Run table = ctl("volume", "list");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).startsWith("ID  ").contains("pvc-1", "Ready", "array-a,array-b", "NoCapacity");

        Run json = ctl("volume", "list", "-o", "json");
        assertThat(JSON.readTree(json.out())).isEqualTo(JSON.readTree(volumes));
        // The global options go before the subcommand too.
        Run yaml = FakeServices.run(Map.of(), dir, "-o", "yaml", "--context", context.toString(), "volume", "list");
        assertThat(new ObjectMapper(new YAMLFactory()).readTree(yaml.out())).isEqualTo(JSON.readTree(volumes));
    }

    @Test
    void aRefusedTokenNamesWhereTheTokenCameFrom() throws IOException {
        Files.writeString(dir.resolve("token"), "a-wrong-token-0123456789");
        Run run = ctl("node", "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).isEqualTo("mooringctl: health-svc refused the API token (401 Unauthorized): check the token in"
                + " tokenFile " + dir.resolve("token") + " of context test (" + context + ")\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnreachableServiceIsNamedWithItsUrlAndTheSettingToFix() {
        Run run = FakeServices.run(Map.of("MOORING_API_TOKEN", FakeServices.TOKEN), dir, "array", "list",
                "--provisioner-url", "http://127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).startsWith("mooringctl: cannot reach provisioner-svc at http://127.0.0.1:1 (")
                .contains("is it running? Check services.provisioner-svc in", "MOORING_PROVISIONER_SVC or --provisioner-url");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).doesNotContain(FakeServices.TOKEN);
    }

    @Test
    void aServiceWithNoUrlSaysWhereToSetIt() {
        Run run = FakeServices.run(Map.of(), dir.resolve("empty-home"), "topology");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("mooringctl: no URL for topology-svc: set services.topology-svc in the context,"
                + " MOORING_TOPOLOGY_SVC or --topology-url\n");
    }

    @Test
    void anUnknownVolumeIsNamed() {
        services.on("GET /api/v1/volumes?name=pvc-nope", 200, "[]");
        Run byName = ctl("volume", "inspect", "pvc-nope");
        assertThat(byName.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(byName.err()).isEqualTo("mooringctl: volume pvc-nope does not exist (no volume has that name or id;"
                + " see mooringctl volume list)\n");

        services.on("GET /api/v1/volumes/7a1d2c44-0b3e-4c6f-8a9b-000000000000", 404,
                "{\"type\":\"https://mooring.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"Volume 7a1d2c44-0b3e-4c6f-8a9b-000000000000 does not exist\"}");
        Run byId = ctl("volume", "delete", "7a1d2c44-0b3e-4c6f-8a9b-000000000000");
        assertThat(byId.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(byId.err()).isEqualTo("mooringctl: Volume 7a1d2c44-0b3e-4c6f-8a9b-000000000000 does not exist\n");
    }

    @Test
    void aRefusedRequestShowsTheServicesReasonWithTheField() {
        services.on("POST /api/v1/volumes", 400, "{\"title\":\"Invalid request\",\"status\":400,\"detail\":\"Invalid"
                + " request\",\"errors\":[{\"field\":\"size\",\"reason\":\"must be a quantity like 10Gi\"}]}");
        Run run = ctl("volume", "create", "v1", "--size", "ten");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).isEqualTo("mooringctl: provisioner-svc refused POST /api/v1/volumes (400): Invalid request;"
                + " size must be a quantity like 10Gi\n");
    }

    @Test
    void createWaitsForReadyWithAProgressLine() throws IOException {
        String id = "5f0c8a52-8f4e-4d2a-9d55-6f1a8c3f0a01";
        services.on("POST /api/v1/volumes", 202, "{\"id\":\"" + id + "\",\"name\":\"v1\",\"state\":\"Pending\"}");
        AtomicInteger reads = new AtomicInteger();
        services.on("GET /api/v1/volumes/" + id, x -> new Reply(200, reads.incrementAndGet() < 3
                ? "{\"id\":\"" + id + "\",\"state\":\"Pending\"}"
                : "{\"id\":\"" + id + "\",\"state\":\"Ready\",\"arrays\":[\"array-a\"],\"serial\":\"S1\"}"));

        Run run = ctl("volume", "create", "v1", "--size", "1Gi", "-p", "backend=pure-block", "--wait");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).startsWith("waiting for volume v1: Pending (").contains("waiting for volume v1: Ready (");
        assertThat(run.out()).isEqualTo("volume v1 (" + id + ") is Ready on array-a, serial S1\n");
    }

    @Test
    void createWaitEndsNonZeroWithTheFailureReason() {
        String id = "5f0c8a52-8f4e-4d2a-9d55-6f1a8c3f0a02";
        services.on("POST /api/v1/volumes", 202, "{\"id\":\"" + id + "\",\"state\":\"Pending\"}");
        services.on("GET /api/v1/volumes/" + id, 200, "{\"id\":\"" + id + "\",\"state\":\"Failed\",\"failure\":"
                + "{\"reason\":\"NoCapacity\",\"message\":\"no array has 1Ti free\",\"retryable\":true}}");

        Run run = ctl("volume", "create", "big", "--size", "1Ti", "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().lines().toList()).last().asString()
                .matches("mooringctl: volume big failed after [0-9.]+s: NoCapacity: no array has 1Ti free");
    }

    @Test
    void watchShowsAgainUnderATimestamp() {
        services.on("GET /api/v1/takeovers", 200, "{\"takeovers\":[]}");
        Run run = ctl("takeover", "list", "--watch", "--interval", "10ms", "--watch-count", "2");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("--- "))).hasSize(2);
        assertThat(services.requests).filteredOn(r -> r.equals("GET /api/v1/takeovers")).hasSize(2);
    }

    @Test
    void deadLettersOfEveryServiceAreListedAndOneIsReplayed() throws IOException {
        services.on("GET /api/v1/dead-letters?limit=1000", 200, "[{\"id\":7,\"channel\":\"nodes-in\",\"eventType\":"
                + "\"NodeFenced\",\"attempts\":1,\"reason\":\"boom\"}]");
        services.on("POST /api/v1/dead-letters/7/replay", 200, "{\"id\":7,\"channel\":\"nodes-in\",\"eventType\":\"NodeFenced\"}");

        JsonNode rows = JSON.readTree(ctl("dead-letters", "list", "-o", "json").out());
        assertThat(rows).hasSize(4);
        assertThat(rows.findValuesAsText("service")).containsExactly("provisioner-svc", "attach-svc", "health-svc",
                "topology-svc");
        Run replay = ctl("dead-letters", "replay", "health", "7");
        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out()).isEqualTo("dead letter 7 of health-svc replayed (NodeFenced on nodes-in)\n");
        assertThat(ctl("dead-letters", "replay", "storage", "7").err())
                .startsWith("mooringctl: no service storage (one of [provisioner-svc,");
    }

    @Test
    void badUsageNamesTheOptionAndWhereHelpIs() {
        Run run = ctl("volume", "create", "v1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required option: '--size=<size>'", "see mooringctl volume create --help");
        assertThat(ctl("volume", "list", "-o", "xml").err()).contains("Invalid value for option '--output'");
    }

    @Test
    void aGroupAloneNamesItsCommandsAndEveryCommandHasHelp() {
        Run group = ctl("volume");
        assertThat(group.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(group.err()).startsWith("mooringctl: Missing subcommand: one of list, ls, inspect, create, resize,");
        Run help = ctl("takeover", "inspect", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: mooringctl takeover inspect", "every phase with its time");
    }

    @Test
    void statusReadsEveryPartAndSaysWhenOneIsMissing() throws IOException {
        services.on("GET /api/v1/arrays", 200, fixtureText("arrays"));
        services.on("GET /api/v1/pods", 200, "{\"pods\":[]}");
        services.on("GET /api/v1/nodes", 200, fixtureText("nodes"));
        services.on("GET /api/v1/takeovers?inFlight=true", 200, fixtureText("takeovers-in-flight"));
        services.on("GET /q/health", 200, "{\"status\":\"UP\",\"checks\":[]}");
        services.on("GET /q/openapi?format=json", 200, "{\"info\":{\"version\":\"0.1.0-SNAPSHOT\"}}");
        services.on("GET /q/metrics", 200, "mooring_intake_lag_seconds_max{channel=\"a\"} 0.25\n"
                + "mooring_intake_lag_seconds_max{channel=\"b\"} 0.5\n");
        services.on("GET /api/v1/orphans", 200, "[]");
        services.on("GET /api/v1/dead-letters?limit=1000", 200, "[]");

        Run run = ctl("status", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode status = JSON.readTree(run.out());
        assertThat(status.path("arrays")).hasSize(2);
        assertThat(status.path("services")).hasSize(4).allSatisfy(s -> {
            assertThat(s.path("health").asText()).isEqualTo("UP");
            assertThat(s.path("lagSeconds").asDouble()).isEqualTo(0.5);
        });
        assertThat(status.path("nodes").path("byStateAndRole").path("TakenOver/storageless").asInt()).isEqualTo(1);
        assertThat(status.path("takeoversInFlight").get(0).path("failedNode").asText()).isEqualTo("c-storage");

        services.on("GET /api/v1/pods", 500, "{\"title\":\"Internal error\",\"status\":500}");
        Run partial = ctl("status");
        assertThat(partial.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(partial.out()).contains("PODS\n  unavailable: health-svc refused GET /api/v1/pods (500): Internal error");
        assertThat(partial.err()).isEqualTo("mooringctl: status is incomplete: 1 part(s) could not be read (see above)\n");
    }

    @Test
    void completionIsABashScriptForEveryCommand() {
        Run run = FakeServices.run(Map.of(), dir, "completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F _complete_mooringctl", "takeover", "dead-letters", "inspect",
                "cluster-domain", "failover", "failback", "--failed-domain", "--dry-run");
    }

    @Test
    void clusterDomainsListAsATableAndAsTheApisJson() throws IOException {
        String domains = fixtureText("cluster-domains");
        services.on("GET /api/v1/cluster-domains", 200, domains);

        Run table = ctl("cluster-domain", "list");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("DOMAIN  LOCAL  STATE").contains("site-a  *      active",
                "Witness:  http://witness.example:8080 (reachable)", "pod1  array-b  site-b  resyncing");
        assertThat(ctl("cluster-domain", "status").out()).as("status is list's alias").isEqualTo(table.out());

        Run json = ctl("cluster-domain", "list", "-o", "json");
        assertThat(JSON.readTree(json.out())).isEqualTo(JSON.readTree(domains));
    }

    @Test
    void anInstallationWithoutDisasterRecoverySaysSo() {
        services.on("GET /api/v1/cluster-domains", 404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":"
                + "\"no cluster domains are configured (mooring.dr.domains)\"}");
        Run run = ctl("cluster-domain", "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("mooringctl: topology-svc has no cluster domains (no cluster domains are"
                + " configured (mooring.dr.domains)): disaster recovery is not configured on this installation\n");
    }

    @Test
    void anUnreachableTopologyServiceIsNamedWithItsUrlAndFlag() {
        Run run = FakeServices.run(Map.of("MOORING_API_TOKEN", FakeServices.TOKEN), dir, "cluster-domain", "list",
                "--topology-url", "http://127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).startsWith("mooringctl: cannot reach topology-svc at http://127.0.0.1:1 (")
                .contains("MOORING_TOPOLOGY_SVC or --topology-url");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void activatingBothDomainsIsRefusedWithTheReason() {
        services.on("POST /api/v1/cluster-domains/site-a/activate", 409, "{\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"activating site-a would leave both domains active: deactivate site-b first\"}");
        Run run = ctl("cluster-domain", "activate", "site-a");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).isEqualTo("mooringctl: topology-svc refused POST /api/v1/cluster-domains/site-a/activate"
                + " (409): activating site-a would leave both domains active: deactivate site-b first\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void activatingWhileTheOtherDomainIsOutOfReachSaysWhichUrl() {
        services.on("POST /api/v1/cluster-domains/site-b/activate", 503, "{\"title\":\"Service Unavailable\","
                + "\"status\":503,\"detail\":\"cannot reach site-a at https://topology.site-a.example:8443\"}");
        Run run = ctl("cluster-domain", "activate", "site-b");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("(503): cannot reach site-a at https://topology.site-a.example:8443");
    }

    @Test
    void activateWaitsUntilTheDomainShowsActive() {
        String inactive = domainsWithSiteB("inactive", 3);
        services.on("POST /api/v1/cluster-domains/site-b/activate", 200, inactive);
        AtomicInteger reads = new AtomicInteger();
        services.on("GET /api/v1/cluster-domains", x -> new Reply(200, reads.incrementAndGet() < 3 ? inactive
                : domainsWithSiteB("active", 4)));

        Run run = ctl("cluster-domain", "activate", "site-b", "--wait", "--timeout", "30s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).startsWith("waiting for cluster domain site-b to be active: inactive (")
                .contains("waiting for cluster domain site-b to be active: active (");
        assertThat(run.out()).startsWith("cluster domain site-b is active (epoch 4)\n\nDOMAIN  LOCAL  STATE");
        assertThat(reads).hasValue(3);
    }

    @Test
    void deactivateWithoutWaitPrintsTheAnswer() {
        services.on("POST /api/v1/cluster-domains/site-b/deactivate", 200, domainsWithSiteB("inactive", 5));
        Run run = ctl("cluster-domain", "deactivate", "site-b");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("cluster domain site-b is inactive (epoch 5)\n");
        assertThat(ctl("cluster-domain", "activate", "site-x").exitCode()).as("an unknown domain")
                .isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aFailoverDryRunPrintsEveryCheckAndFailsWhenItWouldNotSucceed() throws IOException {
        java.util.List<JsonNode> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        services.on("POST /api/v1/failovers", x -> {
            bodies.add(body(x));
            return new Reply(200, fixtureTextUnchecked("failover-dry-run"));
        });

        Run run = ctl("failover", "--failed-domain", "site-a", "--dry-run");

        assertThat(bodies).containsExactly(JSON.readTree("{\"failedDomain\":\"site-a\",\"dryRun\":true,\"force\":false}"));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).startsWith("Dry run of the failover from site-a:\nWould succeed:  no\n")
                .contains("witness-reachable          PASS    witness http://witness.example:8080 answered",
                        "failed-domain-unreachable  FAIL    site-a answers at", "1. deactivate site-a");
        assertThat(run.err()).isEqualTo("mooringctl: the failover from site-a would not succeed: failed"
                + " failed-domain-unreachable\n");

        services.on("POST /api/v1/failovers", 200, "{\"dryRun\":true,\"wouldSucceed\":true,\"checks\":[{\"name\":"
                + "\"witness-reachable\",\"passed\":true,\"detail\":\"ok\"}],\"steps\":[\"activate site-b\"]}");
        Run passing = ctl("failover", "--failed-domain", "site-a", "--dry-run");
        assertThat(passing.exitCode()).isZero();
        assertThat(passing.out()).contains("Would succeed:  yes", "witness-reachable  PASS    ok");
    }

    @Test
    void aRefusedFailoverListsTheChecksThatFailed() {
        services.on("POST /api/v1/failovers", 409, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"2 checks"
                + " failed\",\"checks\":[{\"name\":\"witness-reachable\",\"passed\":false,\"detail\":\"no answer from"
                + " http://witness.example:8080\"}]}");
        Run run = ctl("failover", "--failed-domain", "site-a");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("witness-reachable  FAIL    no answer from http://witness.example:8080\n")
                .endsWith("mooringctl: topology-svc refused POST /api/v1/failovers (409): 2 checks failed\n");
    }

    @Test
    void failoverWaitPrintsEachStepOnceAndEndsWhenItSucceeded() throws IOException {
        String id = "8c0d4e2a-1b7f-4a3c-9e5d-6f2a1b0c3d44";
        java.util.List<JsonNode> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        services.on("POST /api/v1/failovers", x -> {
            bodies.add(body(x));
            return new Reply(202, operation(id, "Running", "running", "pending", null));
        });
        AtomicInteger reads = new AtomicInteger();
        services.on("GET /api/v1/failovers/" + id, x -> new Reply(200, switch (reads.incrementAndGet()) {
            case 1 -> operation(id, "Running", "done", "running", null);
            case 2 -> operation(id, "Running", "done", "running", null);
            default -> operation(id, "Succeeded", "done", "done", null);
        }));

        Run run = ctl("failover", "--failed-domain", "site-a", "--force", "--wait");

        assertThat(bodies).containsExactly(JSON.readTree("{\"failedDomain\":\"site-a\",\"dryRun\":false,\"force\":true}"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(l -> l.startsWith("step "))).containsExactly(
                "step preflight done at 2026-12-07T02:20:00.250Z: 3 checks passed",
                "step activate site-b done at 2026-12-07T02:20:01.500Z");
        assertThat(run.err()).contains("waiting for failover " + id + ": Running (", ": Succeeded (");
        assertThat(run.out()).isEqualTo("failover " + id + " (site-a to site-b): Succeeded in 1.5s\n");
    }

    @Test
    void failoverWaitEndsNonZeroWithTheFailure() {
        String id = "3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a11";
        services.on("POST /api/v1/failovers", 202, operation(id, "Running", "running", "pending", null));
        services.on("GET /api/v1/failovers/" + id, 200, operation(id, "Failed", "done", "failed", "scale-up failed"));

        Run run = ctl("failover", "--failed-domain", "site-a", "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("step activate site-b failed at 2026-12-07T02:20:01.500Z\n");
        assertThat(run.err().lines().toList()).last().asString().matches("mooringctl: failover " + id
                + " failed after [0-9.]+s: scale-up failed \\(step activate site-b failed\\)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void failbackStartsAndItsOperationsAreListedAndInspected() throws IOException {
        String id = "5b1e0c9d-2a3f-4e6b-8c7d-9e0f1a2b3c55";
        services.on("POST /api/v1/failbacks", 202, failback(id, "Running", "running", "pending"));
        services.on("GET /api/v1/failbacks", 200, "[" + failback(id, "Succeeded", "done", "done") + "]");
        services.on("GET /api/v1/failbacks/" + id, 200, failback(id, "Succeeded", "done", "done"));

        Run start = ctl("failback", "--domain", "site-a");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).isEqualTo("failback " + id + " (site-b to site-a): Running\n");

        assertThat(ctl("failback", "list").out()).contains(id + "  site-b  site-a  Succeeded");
        assertThat(JSON.readTree(ctl("failback", "list", "-o", "json").out()).get(0).path("id").asText()).isEqualTo(id);
        assertThat(ctl("failback", "inspect", id).out()).startsWith("Failback:    " + id + "\nFrom:        site-b\n")
                .contains("  preflight        done   2026-12-07T02:20:00.250Z  3 checks passed\n");
        Run notAnId = ctl("failback", "inspect", "nope");
        assertThat(notAnId.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(notAnId.err()).isEqualTo("mooringctl: failback nope does not exist (failback ids are UUIDs; see"
                + " mooringctl failback list)\n");
    }

    @Test
    void failoverWithoutTheFailedDomainSaysWhatIsMissing() {
        Run run = ctl("failover");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("mooringctl: Missing required option: '--failed-domain=NAME' (or one of list,")
                .contains("see mooringctl failover --help");
        assertThat(services.requests).isEmpty();
    }

    /** site-a active and local; site-b in {@code state}. */
    private static String domainsWithSiteB(String state, int epoch) {
        return "{\"local\":\"site-a\",\"epoch\":" + epoch + ",\"domains\":[{\"name\":\"site-a\",\"local\":true,"
                + "\"state\":\"active\",\"reachable\":true},{\"name\":\"site-b\",\"local\":false,\"state\":\""
                + state + "\",\"reachable\":true}],\"witness\":null,\"pods\":[]}";
    }

    /** A failover from site-a to site-b with two steps in the states given. */
    private static String operation(String id, String state, String preflight, String activate, String failure) {
        return "{\"id\":\"" + id + "\",\"kind\":\"failover\",\"from\":\"site-a\",\"to\":\"site-b\",\"state\":\""
                + state + "\",\"requestedAt\":\"2026-12-07T02:20:00Z\",\"finishedAt\":"
                + (state.equals("Running") ? "null" : "\"2026-12-07T02:20:01.500Z\"") + ",\"failure\":"
                + (failure == null ? "null" : "\"" + failure + "\"") + ",\"namespaces\":[\"wordpress\"],\"steps\":["
                + "{\"name\":\"preflight\",\"state\":\"" + preflight + "\",\"at\":\"2026-12-07T02:20:00.250Z\","
                + "\"detail\":\"3 checks passed\"},{\"name\":\"activate site-b\",\"state\":\"" + activate
                + "\",\"at\":\"2026-12-07T02:20:01.500Z\",\"detail\":null}]}";
    }

    /** A failback from site-b to site-a: {@link #operation} the other way. */
    private static String failback(String id, String state, String preflight, String activate) {
        return operation(id, state, preflight, activate, null).replace("\"failover\"", "\"failback\"")
                .replace("site-a", "site-x").replace("site-b", "site-a").replace("site-x", "site-b");
    }

    private static JsonNode body(com.sun.net.httpserver.HttpExchange exchange) {
        try {
            return JSON.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fixtureTextUnchecked(String name) {
        try {
            return fixtureText(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fixtureText(String name) throws IOException {
        try (var in = CommandLineTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
