package dev.mooring.console.model;

/** A service's health as its {@code /q/health} answered ({@code UP}, {@code DOWN}), or why it could not be read. */
public record ServiceStatus(String service, String baseUrl, String health, String problem) {

    public boolean reachable() {
        return problem == null;
    }
}
