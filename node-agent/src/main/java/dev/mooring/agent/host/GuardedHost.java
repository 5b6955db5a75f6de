package dev.mooring.agent.host;

import dev.mooring.agent.domain.IscsiTarget;
import dev.mooring.agent.domain.OwnershipRule;
import dev.mooring.agent.domain.PublishContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The host as the rest of the agent sees it: every destructive call (disconnect, fail I/O, format) first passes the
 * {@link OwnershipRule} of the moment; reads and logins pass through.
 */
public final class GuardedHost implements Host {

    private final Host host;
    private final Supplier<OwnershipRule> ownership;

    public GuardedHost(Host host, Supplier<OwnershipRule> ownership) {
        this.host = host;
        this.ownership = ownership;
    }

    @Override
    public void connect(PublishContext context) {
        host.connect(context);
    }

    @Override
    public DeviceMap awaitMap(String wwid, int expectedPaths, Duration timeout) {
        return host.awaitMap(wwid, expectedPaths, timeout);
    }

    @Override
    public Optional<DeviceMap> map(String wwid) {
        return host.map(wwid);
    }

    @Override
    public List<DeviceMap> maps() {
        return host.maps();
    }

    @Override
    public Set<IscsiTarget> sessions() {
        return host.sessions();
    }

    @Override
    public void login(IscsiTarget target) {
        host.login(target);
    }

    @Override
    public long rescan(String wwid) {
        return host.rescan(wwid);
    }

    @Override
    public void disconnect(String wwid, Set<IscsiTarget> targets) {
        ownership.get().require(wwid, "disconnect");
        host.disconnect(wwid, targets);
    }

    @Override
    public void failIo(String wwid) {
        ownership.get().require(wwid, "fail the I/O of");
        host.failIo(wwid);
    }

    @Override
    public void format(String wwid, String devicePath, String fsType) {
        ownership.get().require(wwid, "format");
        host.format(wwid, devicePath, fsType);
    }
}
