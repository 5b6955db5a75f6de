package dev.mooring.flasharray.sim.config;

/** An iSCSI target port: name ({@code CT0.ETH4}), target IQN and portal ({@code ip:3260}). */
public record IscsiPort(String name, String iqn, String portal) {
}
