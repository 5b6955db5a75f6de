package dev.mooring.devstack.kubeapi;

import static dev.mooring.devstack.kubeapi.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import org.junit.jupiter.api.Test;

/** Strategic merge patches as kubectl sends them, applied as the API server applies them to the served kinds. */
class StrategicMergePatchTest {

    private static final ModelShapes SHAPES = new ModelShapes(TestJson.MAPPER);

    private static ObjectNode patch(Class<?> kind, String original, String patch) {
        return StrategicMergePatch.apply(json(original), json(patch), SHAPES.struct(kind));
    }

    @Test
    void mapsMergeAndNullDeletesAKeyAsKubectlApplySendsForAChangedSecret() {
        ObjectNode result = patch(Secret.class,
                "{'data':{'pure.json':'b2xk','keep':'a2VlcA=='},'metadata':{'name':'px-pure-secret','labels':{'a':'1','b':'2'}}}",
                "{'data':{'pure.json':'bmV3'},'metadata':{'labels':{'b':null,'c':'3'}}}");
        assertThat(result).isEqualTo(json(
                "{'data':{'pure.json':'bmV3','keep':'a2VlcA=='},'metadata':{'name':'px-pure-secret','labels':{'a':'1','c':'3'}}}"));
    }

    @Test
    void aListWithoutAMergeStrategyIsReplacedWhole() {
        ObjectNode result = patch(PersistentVolumeClaim.class,
                "{'spec':{'accessModes':['ReadWriteOnce','ReadOnlyMany']}}", "{'spec':{'accessModes':['ReadWriteMany']}}");
        assertThat(result.at("/spec/accessModes")).isEqualTo(json("{'x':['ReadWriteMany']}").get("x"));
    }

    @Test
    void conditionsMergeByTypeAndAnItemIsDeletedWithThePatchDirective() {
        ObjectNode result = patch(Node.class,
                "{'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'DiskPressure','status':'False'}]}}",
                "{'status':{'conditions':[{'type':'Ready','status':'False','reason':'KubeletDown'},"
                        + "{'type':'DiskPressure','$patch':'delete'},{'type':'MemoryPressure','status':'False'}]}}");
        assertThat(result.at("/status/conditions")).isEqualTo(json("{'x':[{'type':'Ready','status':'False','reason':'KubeletDown'},"
                + "{'type':'MemoryPressure','status':'False'}]}").get("x"));
    }

    @Test
    void finalizersMergeAsASetOfStringsAndLeaveThroughDeleteFromPrimitiveList() {
        ObjectNode added = patch(PersistentVolumeClaim.class, "{'metadata':{'finalizers':['a/x']}}",
                "{'metadata':{'finalizers':['a/x','b/y']}}");
        assertThat(added.at("/metadata/finalizers")).isEqualTo(json("{'x':['a/x','b/y']}").get("x"));
        ObjectNode removed = patch(PersistentVolumeClaim.class, "{'metadata':{'finalizers':['a/x','b/y']}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a/x']}}");
        assertThat(removed.at("/metadata/finalizers")).isEqualTo(json("{'x':['b/y']}").get("x"));
    }

    @Test
    void setElementOrderPutsMergedContainersInTheOrderOfTheAppliedFile() {
        ObjectNode result = patch(Pod.class,
                "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}",
                "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],'containers':[{'name':'a','image':'a:2'}]}}");
        assertThat(result.at("/spec/containers")).isEqualTo(json(
                "{'x':[{'name':'b','image':'b:1'},{'name':'a','image':'a:2'}]}").get("x"));
    }

    @Test
    void envOfAContainerMergesByNameInsideTheContainerMergedByName() {
        ObjectNode result = patch(Pod.class,
                "{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]}]}}",
                "{'spec':{'containers':[{'name':'a','env':[{'name':'Y','value':'3'}]}]}}");
        assertThat(result.at("/spec/containers/0/env")).isEqualTo(json(
                "{'x':[{'name':'X','value':'1'},{'name':'Y','value':'3'}]}").get("x"));
    }

    @Test
    void patchReplaceOnAMapReplacesItAndDeleteRemovesIt() {
        ObjectNode replaced = patch(StorageClass.class, "{'parameters':{'backend':'pure_block','max_iops':'500'}}",
                "{'parameters':{'$patch':'replace','backend':'pure_block'}}");
        assertThat(replaced.get("parameters")).isEqualTo(json("{'backend':'pure_block'}"));
        ObjectNode deleted = patch(StorageClass.class, "{'parameters':{'backend':'pure_block'},'provisioner':'p'}",
                "{'parameters':{'$patch':'delete'}}");
        assertThat(deleted).isEqualTo(json("{'provisioner':'p'}"));
    }

    @Test
    void retainKeysKeepsOnlyTheNamedFieldsOfAVolume() {
        ObjectNode result = patch(Pod.class,
                "{'spec':{'volumes':[{'name':'data','emptyDir':{},'hostPath':{'path':'/x'}}]}}",
                "{'spec':{'volumes':[{'name':'data','$retainKeys':['name','emptyDir'],'emptyDir':{'medium':'Memory'}}]}}");
        assertThat(result.at("/spec/volumes/0")).isEqualTo(json("{'name':'data','emptyDir':{'medium':'Memory'}}"));
    }

    @Test
    void theOriginalIsNotChanged() {
        ObjectNode original = json("{'metadata':{'labels':{'a':'1'}}}");
        StrategicMergePatch.apply(original, json("{'metadata':{'labels':{'a':null}}}"), SHAPES.struct(Secret.class));
        assertThat(original).isEqualTo(json("{'metadata':{'labels':{'a':'1'}}}"));
    }
}
