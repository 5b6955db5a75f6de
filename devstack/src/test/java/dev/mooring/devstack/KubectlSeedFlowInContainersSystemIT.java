package dev.mooring.devstack;

/**
 * The seeds' kubectl sequence against the stack from its images ({@code devstack/mooring images} then
 * {@code up --containers}); the images are built first where they are missing or out of date.
 */
@SystemTest
class KubectlSeedFlowInContainersSystemIT extends KubectlSeedFlow {

    @Override
    boolean inContainers() {
        return true;
    }
}
