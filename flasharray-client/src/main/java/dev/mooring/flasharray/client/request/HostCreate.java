package dev.mooring.flasharray.client.request;

import dev.mooring.flasharray.client.FlashArrayNames;
import java.util.List;

/**
 * What to create with {@code POST /hosts?names=…}.
 *
 * @param name            host name (see {@link FlashArrayNames#hostNameFor(String)})
 * @param initiators      IQNs, WWNs, NQNs
 * @param personality     null for Linux
 * @param preferredArrays arrays that get active/optimised paths, or empty
 */
public record HostCreate(String name, Initiators initiators, String personality, List<String> preferredArrays) {

    public HostCreate {
        FlashArrayNames.requireValidQualified(name);
        initiators = initiators == null ? Initiators.none() : initiators;
        preferredArrays = preferredArrays == null ? List.of() : List.copyOf(preferredArrays);
    }

    public static HostCreate named(String name) {
        return new HostCreate(name, null, null, null);
    }

    public HostCreate withInitiators(Initiators initiators) {
        return new HostCreate(name, initiators, personality, preferredArrays);
    }

    public HostCreate withIqns(String... iqns) {
        return withInitiators(initiators.withIqns(List.of(iqns)));
    }

    public HostCreate withWwns(String... wwns) {
        return withInitiators(initiators.withWwns(List.of(wwns)));
    }

    public HostCreate withNqns(String... nqns) {
        return withInitiators(initiators.withNqns(List.of(nqns)));
    }

    public HostCreate withPersonality(String personality) {
        return new HostCreate(name, initiators, personality, preferredArrays);
    }

    public HostCreate withPreferredArrays(String... arrays) {
        return new HostCreate(name, initiators, personality, List.of(arrays));
    }
}
