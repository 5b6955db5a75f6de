package dev.mooring.agent.domain;

/** One iSCSI session's endpoint: a target IQN at one portal ({@code address:port}). */
public record IscsiTarget(String iqn, String portal) implements Comparable<IscsiTarget> {

    @Override
    public int compareTo(IscsiTarget o) {
        int c = iqn.compareTo(o.iqn);
        return c != 0 ? c : portal.compareTo(o.portal);
    }

    @Override
    public String toString() {
        return iqn + "@" + portal;
    }
}
