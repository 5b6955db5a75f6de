package dev.mooring.ctl.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The four Mooring services mooringctl talks to, by the names the context file, the environment and flags use. */
public enum Service {
    PROVISIONER("provisioner-svc"),
    ATTACH("attach-svc"),
    HEALTH("health-svc"),
    TOPOLOGY("topology-svc");

    private final String serviceName;

    Service(String serviceName) {
        this.serviceName = serviceName;
    }

    /** {@code provisioner-svc}: the key under {@code services:} in a context file. */
    public String serviceName() {
        return serviceName;
    }

    /** {@code MOORING_PROVISIONER_SVC}: the variable devstack's stack.env also sets. */
    public String environmentVariable() {
        return "MOORING_" + serviceName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code --provisioner-url}. */
    public String flag() {
        return "--" + serviceName.substring(0, serviceName.indexOf('-')) + "-url";
    }

    public static Optional<Service> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.serviceName.equals(name)
                || s.serviceName.startsWith(name + "-")).findFirst();
    }
}
