package dev.mooring.flasharray.sim.config;

/** A Fibre Channel target port: name ({@code CT0.FC0}) and WWN as the array shows it ({@code 52:4A:93:…}). */
public record FcPort(String name, String wwn) {
}
