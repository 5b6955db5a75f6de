package dev.mooring.agent.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The trust of the agent's calls to the services: the certificates of one PEM file (the CA of their certificate, e.g.
 * {@code ca.crt} of the Secret cert-manager issued) and nothing else. A file that cannot be used is refused with the
 * setting's name and the reason, at start.
 */
final class PemTrust {

    static final String SETTING = "mooring.agent.services.ca-file";

    private PemTrust() {
    }

    /** A TLS context that trusts exactly the certificates in {@code pemFile}. */
    static SSLContext of(Path pemFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw refused(pemFile, "the file does not exist");
        } catch (IOException e) {
            throw refused(pemFile, "the file cannot be read (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw refused(pemFile, "it is not a PEM certificate file (" + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw refused(pemFile, "it holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw refused(pemFile, e.getMessage());
        }
    }

    private static IllegalStateException refused(Path pemFile, String reason) {
        return new IllegalStateException(SETTING + "=" + pemFile + " cannot be used: " + reason);
    }
}
