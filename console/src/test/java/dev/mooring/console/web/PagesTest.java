package dev.mooring.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.console.model.ArrayInfo;
import dev.mooring.console.model.AttachmentInfo;
import dev.mooring.console.model.NodeInfo;
import dev.mooring.console.model.NodesOverview;
import dev.mooring.console.model.PodArrayInfo;
import dev.mooring.console.model.Reading;
import dev.mooring.console.model.ServiceStatus;
import dev.mooring.console.model.TakeoverInfo;
import dev.mooring.console.model.VolumeInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagesTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    static final String EVIL = "<script>alert('x')</script>";

    static NodesOverview nodes() {
        TakeoverInfo done = new TakeoverInfo("t-1", "a-storage", "Completed", "a-spare", "zone-a", T0,
                T0.plusSeconds(2), T0.plusSeconds(8), null, null, null, T0.plusSeconds(8), null, null, T0.plusSeconds(9),
                T0.plusSeconds(10), T0.plusSeconds(10), T0.plusSeconds(11), null);
        TakeoverInfo blocked = new TakeoverInfo("t-2", "c-storage", "Blocked", null, "zone-c", T0, null,
                T0.plusSeconds(8), T0.plusSeconds(8), "NoStoragelessNode", "no storageless node in " + EVIL, null, null,
                null, null, null, null, null, null);
        return new NodesOverview("health-svc-1", false, List.of(), List.of(
                new NodeInfo("a-storage", "Offline", "storageless", "region-1", "zone-a", null, T0, null,
                        new NodeInfo.Outage(T0.plusSeconds(2), T0, T0.plusSeconds(8), false), List.of(done)),
                new NodeInfo("a-spare", "Online", "storage", "region-1", "zone-a", "pool-1", T0.plusSeconds(30),
                        T0.minusSeconds(60), null, List.of()),
                new NodeInfo("c-storage", "Offline", "storage", "region-1", "zone-c", "pool-2", T0, null,
                        new NodeInfo.Outage(T0.plusSeconds(2), T0, T0.plusSeconds(8), false), List.of(blocked)),
                new NodeInfo(EVIL, "Online", "storageless", "region-1", "zone-" + EVIL, null, T0, T0, null, List.of())));
    }

    @Test
    void theNodesPageShowsStateRoleZoneAndDeadlineAndEscapesNames() {
        String html = Html.page(Html.Page.NODES, Pages.nodes(Reading.of(nodes())), T0, 10);
        assertThat(html).contains("<th scope=\"row\">a-storage</th><td><span class=\"state-bad\">Offline</span></td>"
                + "<td>storageless</td><td>zone-a</td>");
        assertThat(html).contains("<time datetime=\"2026-12-06T10:00:08Z\">2026-12-06 10:00:08 UTC</time>");
        assertThat(html).doesNotContain(EVIL).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(Accessibility.problems(html)).isEmpty();
    }

    @Test
    void theTakeoversPageDrawsEachTakeoverWithItsDeadlineAndATableOfItsPhases() {
        String html = Html.page(Html.Page.TAKEOVERS, Pages.takeovers(Reading.of(nodes())), T0, 10);
        assertThat(html).contains("<h2 id=\"takeover-n-t-1-h\">Takeover of a-storage by a-spare: Completed</h2>",
                "<h2 id=\"takeover-n-t-2-h\">Takeover of c-storage: Blocked</h2>");
        assertThat(html).contains("data-phase=\"deadline\"", "data-phase=\"completed\"", "data-phase=\"blocked\"");
        assertThat(html).contains("<caption>Phases of the takeover of a-storage, in order</caption>",
                "<th scope=\"row\">identity transferred</th>");
        assertThat(html).contains("<strong>Blocked</strong>").doesNotContain(EVIL);
        assertThat(Accessibility.problems(html)).isEmpty();
    }

    @Test
    void aServiceThatCannotBeReadIsNamedAndTheRestStillRenders() {
        String html = Html.page(Html.Page.OVERVIEW, Pages.overview(
                List.of(new ServiceStatus("provisioner-svc", "http://127.0.0.1:8081", "UP", null),
                        new ServiceStatus("health-svc", "http://127.0.0.1:8083", "unreachable",
                                "health-svc is unreachable at http://127.0.0.1:8083/q/health: Connection refused")),
                Reading.of(List.of(new ArrayInfo("array-a", "127.0.0.1:8443", "Registered", "6.7.0", 10L << 40,
                        9L << 40, null, null, T0))),
                Reading.failed("health-svc is unreachable at http://127.0.0.1:8083/api/v1/pods: Connection refused"),
                Reading.failed("health-svc is unreachable at http://127.0.0.1:8083/api/v1/nodes: Connection refused")),
                T0, 10);
        assertThat(html).contains("role=\"alert\"><strong>health-svc could not be read.</strong>",
                "<strong>The pods (health-svc) could not be read.</strong>");
        assertThat(html).contains("<th scope=\"row\">array-a</th><td><span class=\"state-good\">Registered</span></td>",
                "10.0 TiB");
        assertThat(Accessibility.problems(html)).isEmpty();
    }

    @Test
    void theOverviewShowsEachPodOnEachArray() {
        String html = Html.page(Html.Page.OVERVIEW, Pages.overview(List.of(), Reading.of(List.of()),
                Reading.of(List.of(new PodArrayInfo("pod1", "array-a", "online", null, "online", T0),
                        new PodArrayInfo("pod1", "array-b", "resyncing", 0.42, "online", T0))),
                Reading.of(nodes())), T0, 0);
        assertThat(html).contains("<th scope=\"row\">pod1</th><td>array-b</td><td>resyncing</td><td>42 %</td>")
                .doesNotContain("http-equiv=\"refresh\"");
        assertThat(Accessibility.problems(html)).isEmpty();
    }

    @Test
    void theVolumesPageListsVolumesAndAttachments() {
        String html = Html.page(Html.Page.VOLUMES, Pages.volumes(
                Reading.of(List.of(new VolumeInfo("v-1", "pvc-" + EVIL, "Ready", "1Gi", "pod", "pod1",
                        List.of("array-a", "array-b"), "default/data", null))),
                Reading.of(List.of(new AttachmentInfo("att-1", "v-1", "a-spare", "Attached",
                        List.of("array-a: up", "array-b: down (ArrayOffline)"), null)))), T0, 10);
        assertThat(html).contains("<td>array-a, array-b</td>", "array-b: down (ArrayOffline)").doesNotContain(EVIL);
        assertThat(Accessibility.problems(html)).isEmpty();
    }

    @Test
    void theCheckerCatchesWhatItLooksFor() {
        assertThat(Accessibility.problems("<html><table><tr><td>x</td></tr></table><a href=\"/\"></a>"
                + "<svg role=\"img\"></svg><img src=\"x\"><h1>a</h1><h3>b</h3>"))
                .contains("no language on <html>", "a table without a caption first", "a table without column headers",
                        "a link without text: href=\"/\"", "a drawing without role img, labelledby and a title first",
                        "an image without alt", "heading h3 after h1");
    }
}
