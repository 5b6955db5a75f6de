package dev.mooring.devstack;

/** The seeds' kubectl sequence against the stack as processes ({@code devstack/mooring up}). */
@SystemTest
class KubectlSeedFlowSystemIT extends KubectlSeedFlow {

    @Override
    boolean inContainers() {
        return false;
    }
}
