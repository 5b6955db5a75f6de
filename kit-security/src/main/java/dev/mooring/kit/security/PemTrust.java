package dev.mooring.kit.security;

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
 * A TLS client's trust in the certificates of one PEM file (the CA of a server's certificate, e.g. {@code ca.crt} of
 * the Secret cert-manager issued) and nothing else. A file that cannot be used is refused with the setting that named
 * it and the reason.
 */
public final class PemTrust {

    private PemTrust() {
    }

    /** A TLS context that trusts exactly the certificates in {@code pemFile}, named by {@code setting}. */
    public static SSLContext of(String setting, Path pemFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw refused(setting, pemFile, "the file does not exist");
        } catch (IOException e) {
            throw refused(setting, pemFile, "the file cannot be read (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw refused(setting, pemFile, "it is not a PEM certificate file (" + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw refused(setting, pemFile, "it holds no certificate");
        }
        try {
            return trusting(certificates);
        } catch (GeneralSecurityException | IOException e) {
            throw refused(setting, pemFile, e.getMessage());
        }
    }

    /** A TLS context that trusts exactly these certificates. */
    public static SSLContext trusting(Collection<? extends Certificate> certificates)
            throws GeneralSecurityException, IOException {
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
    }

    private static IllegalStateException refused(String setting, Path pemFile, String reason) {
        return new IllegalStateException(setting + "=" + pemFile + " cannot be used: " + reason);
    }
}
