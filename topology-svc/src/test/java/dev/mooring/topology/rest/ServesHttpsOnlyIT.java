package dev.mooring.topology.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.kit.security.PemTrust;
import dev.mooring.testing.TestCertificateAuthority;
import dev.mooring.topology.TopologyTestResources;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A service configured as k8s/base configures it serves HTTPS only: the certificate and key come from PEM files (the
 * mounted mooring-tls Secret), a client that trusts the Secret's CA reaches it, and no plain HTTP port opens.
 */
@QuarkusTest
@TestProfile(ServesHttpsOnlyIT.HttpsOnly.class)
@WithKubernetesTestServer(crud = true)
@TopologyTestResources
class ServesHttpsOnlyIT {

    @Test
    void aClientTrustingTheSecretsCaGetsAnswersOverHttpsWithTheCertificateFromTheFiles() throws Exception {
        Path tls = Path.of(setting("quarkus.http.ssl.certificate.files")).getParent();
        HttpClient client = HttpClient.newBuilder().sslContext(PemTrust.of("the Secret's ca.crt", tls.resolve("ca.crt")))
                .build();

        HttpResponse<String> live = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + setting("quarkus.http.test-ssl-port") + "/q/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.sslSession()).hasValueSatisfying(session -> {
            try {
                assertThat(session.getPeerCertificates()[0]).isEqualTo(certificate(tls.resolve("tls.crt")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void thePlainHttpPortDoesNotOpen() {
        int plain = Integer.parseInt(setting("quarkus.http.test-port"));
        assertThatThrownBy(() -> new Socket("127.0.0.1", plain).close()).isInstanceOf(ConnectException.class);
    }

    /** The settings of the Deployments' environment, with this run's certificate files and ports. */
    public static class HttpsOnly implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsSecretFiles.class));
        }
    }

    /** The mooring-tls Secret as its volume holds it, issued by a CA made for this run. */
    public static class TlsSecretFiles implements QuarkusTestResourceLifecycleManager {
        private Path dir;

        @Override
        public Map<String, String> start() {
            try {
                dir = Files.createTempDirectory("mooring-tls-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestCertificateAuthority.create("mooring test CA").issue("localhost", "127.0.0.1").writeTo(dir);
            return Map.of(
                    "quarkus.http.ssl.certificate.files", dir.resolve("tls.crt").toString(),
                    "quarkus.http.ssl.certificate.key-files", dir.resolve("tls.key").toString(),
                    "quarkus.http.insecure-requests", "disabled",
                    "quarkus.http.test-ssl-port", String.valueOf(freePort()),
                    "quarkus.http.test-port", String.valueOf(freePort()));
        }

        @Override
        public void stop() {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
                Files.delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String setting(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    private static X509Certificate certificate(Path pem) throws IOException {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
