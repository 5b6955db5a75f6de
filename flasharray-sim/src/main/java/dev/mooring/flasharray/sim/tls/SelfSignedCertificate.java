package dev.mooring.flasharray.sim.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The serving certificate of the simulated arrays: either loaded from PEM files, or a fresh self-signed
 * ECDSA P-256 certificate made with BouncyCastle, valid for {@code localhost}, {@code 127.0.0.1}, {@code ::1}
 * and the bind host. Clients trust it precisely through {@link #certificatePem()}.
 */
public final class SelfSignedCertificate {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String certificatePem;
    private final String privateKeyPem;

    private SelfSignedCertificate(String certificatePem, String privateKeyPem) {
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
    }

    public String certificatePem() {
        return certificatePem;
    }

    /** PKCS#8 PEM of the private key. Never log it. */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    public static SelfSignedCertificate fromFiles(Path certificate, Path key) {
        try {
            return new SelfSignedCertificate(Files.readString(certificate, StandardCharsets.US_ASCII),
                    Files.readString(key, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read TLS certificate/key: " + e.getMessage(), e);
        }
    }

    /** Makes a self-signed certificate valid for ten years for the loopback names plus {@code bindHost}. */
    public static SelfSignedCertificate generate(String bindHost) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = gen.generateKeyPair();
            Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
            Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
            if (bindHost != null && !bindHost.isBlank() && !bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
                String h = bindHost.startsWith("[") ? bindHost.substring(1, bindHost.length() - 1) : bindHost;
                if (IPV4.matcher(h).matches() || h.contains(":")) {
                    ips.add(h);
                } else {
                    dns.add(h);
                }
            }
            List<GeneralName> names = new ArrayList<>();
            dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            for (String ip : ips) {
                names.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(ip).getHostAddress()));
            }
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=flasharray-sim, O=Mooring");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    subject, kp.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            StringWriter certOut = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(certOut)) {
                w.writeObject(holder);
            }
            String keyPem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kp.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            return new SelfSignedCertificate(certOut.toString(), keyPem);
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** Writes the certificate PEM (never the key) to a file, creating parent directories. */
    public void writeCertificate(Path path) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, certificatePem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write certificate to " + path + ": " + e.getMessage(), e);
        }
    }
}
