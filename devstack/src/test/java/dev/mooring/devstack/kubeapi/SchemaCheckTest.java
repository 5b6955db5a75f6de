package dev.mooring.devstack.kubeapi;

import static dev.mooring.devstack.kubeapi.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import org.junit.jupiter.api.Test;

/** Bodies checked against a kind's schema as the API server's strict decoder checks them. */
class SchemaCheckTest {

    private static final ModelShapes SHAPES = new ModelShapes(TestJson.MAPPER);

    @Test
    void theSeedsStorageClassHasNoUnknownFieldAndIsKeptWhole() {
        ObjectNode sc = json("{'apiVersion':'storage.k8s.io/v1','kind':'StorageClass','metadata':{'name':'fada-activecluster-sc',"
                + "'annotations':{'a':'b'}},'provisioner':'pxd.portworx.com','volumeBindingMode':'Immediate',"
                + "'allowVolumeExpansion':true,'parameters':{'backend':'pure_block','pure_fa_pod_name':'pod1'}}");
        ObjectNode before = sc.deepCopy();
        SchemaCheck.Findings findings = SchemaCheck.checkAndPrune(sc, SHAPES.struct(StorageClass.class));
        assertThat(findings.unknownFields()).isEmpty();
        assertThat(findings.typeError()).isEmpty();
        assertThat(sc).isEqualTo(before);
    }

    @Test
    void unknownFieldsAreNamedByTheirPathAndRemoved() {
        ObjectNode pvc = json("{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'c','colour':'red'},"
                + "'spec':{'accessModes':['ReadWriteOnce'],'storageClass':'typo','resources':{'requests':{'storage':'1Gi'}}},"
                + "'extra':1}");
        SchemaCheck.Findings findings = SchemaCheck.checkAndPrune(pvc, SHAPES.struct(PersistentVolumeClaim.class));
        assertThat(findings.unknownFields()).containsExactly("metadata.colour", "spec.storageClass", "extra");
        assertThat(pvc).isEqualTo(json("{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'c'},"
                + "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}}"));
    }

    @Test
    void aValueOfTheWrongTypeIsReportedAsGoReportsIt() {
        ObjectNode sc = json("{'apiVersion':'storage.k8s.io/v1','kind':'StorageClass','metadata':{'name':'x'},"
                + "'provisioner':'p','allowVolumeExpansion':'yes'}");
        assertThat(SchemaCheck.checkAndPrune(sc, SHAPES.struct(StorageClass.class)).typeError()).contains(
                "json: cannot unmarshal string into Go struct field StorageClass.allowVolumeExpansion of type bool");
    }

    @Test
    void aQuantityMayBeAStringOrANumberButNotAList() {
        ObjectNode ok = json("{'spec':{'resources':{'requests':{'storage':'20Gi','cpu':2}}}}");
        assertThat(SchemaCheck.checkAndPrune(ok, SHAPES.struct(PersistentVolumeClaim.class)).typeError()).isEmpty();
        ObjectNode bad = json("{'spec':{'resources':{'requests':{'storage':['20Gi']}}}}");
        assertThat(SchemaCheck.checkAndPrune(bad, SHAPES.struct(PersistentVolumeClaim.class)).typeError())
                .hasValueSatisfying(e -> assertThat(e).contains("spec.resources.requests.storage").contains("resource.Quantity"));
    }
}
