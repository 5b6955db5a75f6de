package dev.mooring.topology.dr.service;

import dev.mooring.topology.dr.domain.DomainState;
import java.util.Optional;

/**
 * This installation's cluster domain as the scheduler extender and the migrations need it: its name and its state
 * now (kept in memory, changed only through {@link ClusterDomains}).
 */
public interface LocalDomain {

    /** This domain's name; empty when the installation is no cluster domain ({@code mooring.dr.domain} unset). */
    Optional<String> name();

    /** This domain's state now ({@code active} when the installation is no cluster domain: nothing to keep away). */
    DomainState state();
}
