package dev.mooring.devstack.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The protobuf bodies kubectl's typed client sends, read into the JSON the API stores. */
class ProtobufBodyTest {

    /**
     * What kubectl 1.32 sent for {@code kubectl create secret generic px-pure-secret --namespace kube-system
     * --from-file=pure.json=pj.json --from-literal=mode=demo} (captured from the wire; the token is a dummy).
     */
    private static final String CREATE_SECRET = "azhzAAoMCgJ2MRIGU2VjcmV0EocBCikKDnB4LXB1cmUtc2VjcmV0EgAaC2t1YmUtc3lzdGVtIgAqADIAOABCABIM"
            + "CgRtb2RlEgRkZW1vEkoKCXB1cmUuanNvbhI9eyJGbGFzaEFycmF5cyI6W3siTWdtdEVuZFBvaW50IjoiMTAuMC4wLjEiLCJBUElUb2tlbiI6In"
            + "gifV19ChoAGgAiAA==";
    private static final ApiResource SECRETS = ApiResources.find("", "v1", "secrets").orElseThrow();

    @Test
    void kubectlCreateSecretIsReadAsTheSecretItDescribes() throws Exception {
        ObjectNode secret = ProtobufBody.decode(Base64.getDecoder().decode(CREATE_SECRET), SECRETS);
        ObjectNode expected = (ObjectNode) new ObjectMapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
                + "\"metadata\":{\"name\":\"px-pure-secret\",\"namespace\":\"kube-system\"},\"data\":{\"mode\":\""
                + b64("demo") + "\",\"pure.json\":\"" + b64("{\"FlashArrays\":[{\"MgmtEndPoint\":\"10.0.0.1\",\"APIToken\":\"x\"}]}\n")
                + "\"}}");
        assertThat(secret).isEqualTo(expected);
    }

    @Test
    void aKindItCannotReadIsRefusedNamingWhatItReads() {
        byte[] deployment = {0x6b, 0x38, 0x73, 0x00, 0x0a, 0x10, 0x0a, 0x07, 'a', 'p', 'p', 's', '/', 'v', '1', 0x12, 0x05,
            'D', 'e', 'p', 'l', 'o', 0x12, 0x00};
        assertThatThrownBy(() -> ProtobufBody.decode(deployment, SECRETS)).isInstanceOf(ApiException.class)
                .hasMessageContaining("Secrets, ConfigMaps and Namespaces only");
    }

    @Test
    void aBodyWithoutTheEnvelopeIsABadRequest() {
        assertThatThrownBy(() -> ProtobufBody.decode("{}".getBytes(StandardCharsets.UTF_8), SECRETS))
                .isInstanceOf(ApiException.class).hasMessageContaining("k8s");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
