package dev.mooring.flasharray.sim.config;

/** An NVMe/TCP target port: name ({@code CT0.ETH14}) and portal ({@code ip:4420}); its NQN is the array's. */
public record NvmePort(String name, String portal) {
}
