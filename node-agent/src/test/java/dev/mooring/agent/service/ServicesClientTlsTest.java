package dev.mooring.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mooring.testing.TestCertificateAuthority;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent calls the services over HTTPS as the DaemonSet sets it up: their certificate is one the cluster's CA
 * issued (the mooring-tls Secret), and the agent trusts that CA through {@code mooring.agent.services.ca-file}.
 */
class ServicesClientTlsTest {

    private final TestCertificateAuthority clusterCa = TestCertificateAuthority.create("cluster CA");
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpsServer healthSvc;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (healthSvc != null) {
            healthSvc.stop(0);
        }
    }

    @Test
    void aServiceWhoseCertificateTheConfiguredCaSignedGetsTheHeartbeatWithTheToken() throws IOException {
        String url = serveHealthSvcWith(clusterCa.issue("localhost", "127.0.0.1"));
        Path caFile = clusterCa.issue("unused").writeTo(dir).resolve("ca.crt");

        client(url, Optional.of(caFile)).heartbeat("node-1");

        assertThat(received).containsExactly("POST /api/v1/nodes/node-1/heartbeat Bearer node-agent-token");
    }

    @Test
    void withoutTheCaFileTheJvmsTrustStoreAndAnotherCaRefuseTheServicesCertificate() throws IOException {
        String url = serveHealthSvcWith(clusterCa.issue("localhost", "127.0.0.1"));
        Path otherCa = TestCertificateAuthority.create("another CA").issue("unused").writeTo(dir).resolve("ca.crt");

        assertThatThrownBy(() -> client(url, Optional.empty()).heartbeat("node-1"))
                .isInstanceOf(ServicesClient.CallFailed.class).hasMessageContaining("got no answer: SSLHandshakeException");
        assertThatThrownBy(() -> client(url, Optional.of(otherCa)).heartbeat("node-1"))
                .isInstanceOf(ServicesClient.CallFailed.class).hasMessageContaining("got no answer: SSLHandshakeException");
        assertThat(received).isEmpty();
    }

    @Test
    void aCaFileThatIsMissingOrHoldsNoCertificateIsRefusedAtStartNamingTheSetting() throws IOException {
        Path missing = dir.resolve("missing.crt");
        assertThatThrownBy(() -> client("https://attach-svc:8443", Optional.of(missing)))
                .hasMessage("mooring.agent.services.ca-file=" + missing + " cannot be used: the file does not exist");

        Path key = dir.resolve("tls.key");
        Files.writeString(key, clusterCa.issue("x").keyPem(), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> client("https://attach-svc:8443", Optional.of(key)))
                .hasMessageStartingWith("mooring.agent.services.ca-file=" + key + " cannot be used: ")
                .hasMessageNotContaining("PRIVATE KEY");
    }

    private String serveHealthSvcWith(TestCertificateAuthority.Issued certificate) throws IOException {
        healthSvc = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        healthSvc.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        healthSvc.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        healthSvc.start();
        return "https://localhost:" + healthSvc.getAddress().getPort();
    }

    private static ServicesClient client(String healthUrl, Optional<Path> caFile) {
        return new ServicesClient(Optional.empty(), Optional.of(healthUrl), Optional.empty(),
                ServicesToken.fixed(Optional.of("node-agent-token")), Duration.ofSeconds(5), caFile);
    }
}
