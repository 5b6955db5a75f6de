package dev.mooring.agent.service;

import org.jboss.logging.Logger;

/**
 * The agent is not ready (Probe answers not ready, no heartbeat goes out) until one self-healing pass has compared
 * the node with attach-svc: a node that comes back after a takeover thus drops the devices of its former volumes
 * and drives — unmounted maps removed, mounted ones failed — before health-svc hears from it again.
 */
public final class StartupReconciliation {

    private static final Logger LOG = Logger.getLogger(StartupReconciliation.class);

    private final SelfHealer healer;
    private final ReadinessGate gate;

    public StartupReconciliation(SelfHealer healer, ReadinessGate gate) {
        this.healer = healer;
        this.gate = gate;
    }

    /** One pass; opens the gate when it went through, keeps it shut (saying why) when attach-svc did not answer. */
    public void attempt() {
        try {
            healer.pass();
        } catch (ServicesClient.CallFailed e) {
            if (!gate.ready()) {
                gate.waitingFor("attach-svc (" + e.getMessage() + ")");
            }
            throw e;
        }
        if (!gate.ready()) {
            LOG.info("reconciled with attach-svc: ready");
            gate.open();
        }
    }
}
