package dev.mooring.devstack.kubeapi;

import static dev.mooring.devstack.kubeapi.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cells kubectl prints for the served kinds, as Kubernetes' printers compute them. */
class PrintersTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static List<Object> cells(List<Column> columns, JsonNode object) {
        return columns.stream().map(c -> c.cell().apply(object, NOW)).toList();
    }

    @Test
    void agesReadAsKubectlPrintsThem() {
        assertThat(Printers.humanDuration(Duration.ofSeconds(-1))).isEqualTo("0s");
        assertThat(Printers.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(Printers.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Printers.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Printers.humanDuration(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(Printers.humanDuration(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Printers.humanDuration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Printers.humanDuration(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
        assertThat(Printers.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Printers.humanDuration(Duration.ofHours(53))).isEqualTo("2d5h");
        assertThat(Printers.humanDuration(Duration.ofDays(20))).isEqualTo("20d");
        assertThat(Printers.humanDuration(Duration.ofDays(3 * 365 + 4))).isEqualTo("3y4d");
        assertThat(Printers.humanDuration(Duration.ofDays(9 * 365))).isEqualTo("9y");
    }

    @Test
    void aBoundClaimShowsItsVolumeCapacityAndModes() {
        JsonNode claim = json("{'metadata':{'name':'vm-disk','creationTimestamp':'2026-12-06T11:58:00Z'},"
                + "'spec':{'storageClassName':'fada-activecluster-sc','volumeName':'pvc-1','volumeMode':'Block'},"
                + "'status':{'phase':'Bound','capacity':{'storage':'20Gi'},'accessModes':['ReadWriteMany','ReadWriteOnce']}}");
        assertThat(cells(Printers.PERSISTENT_VOLUME_CLAIMS, claim)).containsExactly("vm-disk", "Bound", "pvc-1", "20Gi",
                "RWO,RWX", "fada-activecluster-sc", "<unset>", "2m", "Block");
    }

    @Test
    void aPendingClaimShowsNoCapacityAndADeletedOneIsTerminating() {
        JsonNode pending = json("{'metadata':{'name':'c'},'spec':{},'status':{'phase':'Pending','capacity':{'storage':'1Gi'}}}");
        assertThat(cells(Printers.PERSISTENT_VOLUME_CLAIMS, pending)).containsExactly("c", "Pending", "", "", "", "",
                "<unset>", "<unknown>", "<unset>");
        JsonNode deleting = json("{'metadata':{'name':'c','deletionTimestamp':'2026-12-06T11:59:00Z'},'status':{'phase':'Bound'}}");
        assertThat(cells(Printers.PERSISTENT_VOLUME_CLAIMS, deleting).get(1)).isEqualTo("Terminating");
    }

    @Test
    void aVolumeShowsItsClaimAndReclaimPolicy() {
        JsonNode pv = json("{'metadata':{'name':'pvc-1','creationTimestamp':'2026-12-06T11:00:00Z'},'spec':{'capacity':"
                + "{'storage':'20Gi'},'accessModes':['ReadWriteMany'],'persistentVolumeReclaimPolicy':'Delete',"
                + "'claimRef':{'namespace':'default','name':'vm-disk'},'storageClassName':'sc'},'status':{'phase':'Bound'}}");
        assertThat(cells(Printers.PERSISTENT_VOLUMES, pv)).containsExactly("pvc-1", "20Gi", "RWX", "Delete", "Bound",
                "default/vm-disk", "sc", "<unset>", "", "60m", "<unset>");
    }

    @Test
    void aStorageClassPrintsTheDefaultsOfFieldsLeftOut() {
        JsonNode sc = json("{'metadata':{'name':'fast','annotations':{'storageclass.kubernetes.io/is-default-class':'true'}},"
                + "'provisioner':'pxd.portworx.com'}");
        assertThat(cells(Printers.STORAGE_CLASSES, sc)).containsExactly("fast (default)", "pxd.portworx.com", "Delete",
                "Immediate", false, "<unknown>");
    }

    @Test
    void anEventNamesItsObjectAndSourceAndCountsRepeats() {
        JsonNode event = json("{'metadata':{'name':'vm-disk.1'},'type':'Warning','reason':'InvalidParameter',"
                + "'message':' parameters.max_iops: must be a whole number ','involvedObject':{'kind':'PersistentVolumeClaim',"
                + "'name':'vm-disk'},'source':{'component':'pxd.portworx.com'},'reportingInstance':'provisioner-svc',"
                + "'firstTimestamp':'2026-12-06T11:00:00Z','lastTimestamp':'2026-12-06T11:59:30Z','count':3}");
        assertThat(cells(Printers.EVENTS, event)).containsExactly("30s", "Warning", "InvalidParameter",
                "persistentvolumeclaim/vm-disk", "", "pxd.portworx.com, provisioner-svc",
                "parameters.max_iops: must be a whole number", "60m", 3L, "vm-disk.1");
    }
}
