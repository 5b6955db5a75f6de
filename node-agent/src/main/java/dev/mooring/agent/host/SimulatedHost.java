package dev.mooring.agent.host;

import dev.mooring.agent.domain.IscsiTarget;
import dev.mooring.agent.domain.Protocol;
import dev.mooring.agent.domain.PublishContext;
import dev.mooring.agent.domain.Wwids;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.flasharray.client.model.Port;
import dev.mooring.flasharray.client.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A host whose SAN is the FlashArray simulator and whose LUNs are loop devices. This kernel has no SCSI or iSCSI
 * initiator, but loop devices, mkfs and mount work as root, so everything above the fabric runs for real.
 * <ul>
 *   <li>A login to a portal asks the array behind it (over its REST API) which volumes are connected to the host
 *       that carries this node's IQN; each becomes a path of a device named by the volume's WWID
 *       ({@code <dev>/mapper/3624a9370<serial>}, a link to a loop device over a sparse file of the volume's size,
 *       shared by both arrays of a stretched pod as the volume's data is).</li>
 *   <li>A path whose connection is gone on the array fails; when every path of a device has failed, its I/O fails
 *       at once (as multipath with {@code no_path_retry fail}): the loop device's backing file is cut to zero
 *       bytes after its data is saved aside for the array, so reads and writes return EIO, never hang.</li>
 *   <li>Growing the volume on the array and rescanning grows the loop device.</li>
 * </ul>
 */
public final class SimulatedHost implements Host, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SimulatedHost.class);
    private static final Duration COMMAND = Duration.ofSeconds(30);

    private final Map<String, FlashArrayClient> arrays;
    private final CommandRunner runner;
    private final Filesystems filesystems;
    private final Path imageDir;
    private final Path mapperDir;
    private final String nodeIqn;
    private final Set<String> nodeWwns;
    private final Duration callTimeout;
    private final Duration pollInterval;

    private final Map<IscsiTarget, String> sessions = new LinkedHashMap<>();
    private final Map<String, SimDevice> devices = new LinkedHashMap<>();
    private final Map<IscsiTarget, String> arrayOfTarget = new LinkedHashMap<>();

    /** One simulated path: the connection of {@code volume} to {@code host} on {@code array}, through a portal. */
    private record SimPath(String array, String host, String volume, String via, int lun, boolean up) {
    }

    private static final class SimDevice {
        final String wwid;
        final String loop;
        final Path image;
        List<SimPath> paths = new ArrayList<>();
        boolean ioFailed;

        SimDevice(String wwid, String loop, Path image) {
            this.wwid = wwid;
            this.loop = loop;
            this.image = image;
        }
    }

    public SimulatedHost(Map<String, FlashArrayClient> arrays, CommandRunner runner, Filesystems filesystems,
                         Path workDir, Path mapperDir, String nodeIqn, Set<String> nodeWwns, Duration callTimeout,
                         Duration pollInterval) {
        this.arrays = Map.copyOf(arrays);
        this.runner = runner;
        this.filesystems = filesystems;
        this.imageDir = workDir.resolve("images");
        this.mapperDir = mapperDir;
        this.nodeIqn = nodeIqn;
        this.nodeWwns = Set.copyOf(nodeWwns);
        this.callTimeout = callTimeout;
        this.pollInterval = pollInterval;
        try {
            Files.createDirectories(imageDir);
            Files.createDirectories(mapperDir);
        } catch (IOException e) {
            throw new HostException("cannot create " + imageDir + " or " + mapperDir, e);
        }
        rediscover();
    }

    /** A restarted agent finds the devices it made before: the links in the mapper directory and their loops. */
    private void rediscover() {
        try (Stream<Path> links = Files.list(mapperDir)) {
            for (Path link : links.toList()) {
                String wwid = link.getFileName().toString();
                if (Wwids.serialOf(wwid).isPresent() && Files.isSymbolicLink(link)) {
                    String loop = Files.readSymbolicLink(link).toString();
                    Path image = imageDir.resolve(Wwids.serialOf(wwid).get() + ".img");
                    devices.put(wwid, new SimDevice(wwid, loop, image));
                }
            }
        } catch (IOException e) {
            throw new HostException("cannot list " + mapperDir, e);
        }
    }

    @Override
    public synchronized void connect(PublishContext context) {
        for (PublishContext.ArrayPath path : context.arrays()) {
            if (path.protocol() == Protocol.iscsi) {
                for (IscsiTarget t : path.iscsiTargets()) {
                    if (!sessions.containsKey(t)) {
                        login(t);
                    }
                    scan(sessions.get(t), t.portal(), "iqns", nodeIqn);
                }
            } else {
                FlashArrayClient client = arrays.get(path.array());
                if (client == null) {
                    throw new HostException("no HBA reaches array " + path.array());
                }
                for (String wwn : nodeWwns) {
                    scan(path.array(), String.join(",", path.targetWwns()), "wwns", wwn);
                }
            }
        }
    }

    /** The LUNs the array presents to this node's host through one portal (what a SCSI scan finds). */
    private void scan(String array, String via, String initiatorField, String initiator) {
        FlashArrayClient client = arrays.get(array);
        List<dev.mooring.flasharray.client.model.Host> hosts = client.hosts().listAll().await().atMost(callTimeout)
                .stream().filter(h -> carries(h, initiatorField, initiator)).toList();
        for (var host : hosts) {
            for (Connection c : client.connections().listByHost(host.name()).await().atMost(callTimeout)) {
                Volume v = client.volumes().get(c.volumeName()).await().atMost(callTimeout);
                SimDevice device = device(v);
                SimPath path = new SimPath(array, host.name(), v.name(), via, c.lun() == null ? 0 : c.lun(), true);
                device.paths.removeIf(p -> p.array().equals(array) && p.via().equals(via));
                device.paths.add(path);
            }
        }
    }

    private static boolean carries(dev.mooring.flasharray.client.model.Host host, String field, String initiator) {
        List<String> initiators = "iqns".equals(field) ? host.iqns() : host.wwns();
        return initiators != null && initiators.stream().anyMatch(i -> i.replace(":", "").equalsIgnoreCase(
                initiator.replace(":", "")));
    }

    private SimDevice device(Volume v) {
        String wwid = Wwids.ofSerial(v.serial());
        SimDevice existing = devices.get(wwid);
        if (existing != null) {
            return existing;
        }
        Path image = imageDir.resolve(v.serial().toLowerCase(Locale.ROOT) + ".img");
        try {
            if (!Files.exists(image)) {
                runner.runOk(List.of("truncate", "-s", Long.toString(v.provisioned()), image.toString()), COMMAND);
            }
            String loop = runner.runOk(List.of("losetup", "--find", "--show", image.toString()), COMMAND).strip();
            Path link = mapperDir.resolve(wwid);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(loop));
            SimDevice device = new SimDevice(wwid, loop, image);
            devices.put(wwid, device);
            LOG.infof("wwid=%s simulated LUN on %s (%d bytes, %s)", wwid, loop, v.provisioned(), v.name());
            return device;
        } catch (IOException e) {
            throw new HostException("cannot link the device of " + wwid, e);
        }
    }

    @Override
    public DeviceMap awaitMap(String wwid, int expectedPaths, Duration timeout) {
        return MapWait.await(wwid, () -> map(wwid), expectedPaths, timeout, pollInterval);
    }

    @Override
    public synchronized Optional<DeviceMap> map(String wwid) {
        SimDevice device = devices.get(wwid);
        if (device == null) {
            return Optional.empty();
        }
        refresh(device);
        return Optional.of(view(device));
    }

    @Override
    public synchronized List<DeviceMap> maps() {
        List<DeviceMap> all = new ArrayList<>();
        for (SimDevice d : List.copyOf(devices.values())) {
            refresh(d);
            all.add(view(d));
        }
        return all;
    }

    /** A path is up while its connection exists on its array (the path checker); all down fails the I/O. */
    private void refresh(SimDevice device) {
        List<SimPath> next = new ArrayList<>();
        for (SimPath p : device.paths) {
            boolean up;
            try {
                up = arrays.get(p.array()).connections().find(p.host(), p.volume()).await().atMost(callTimeout)
                        .isPresent();
            } catch (RuntimeException e) {
                up = false;
            }
            next.add(new SimPath(p.array(), p.host(), p.volume(), p.via(), p.lun(), up));
        }
        device.paths = next;
        if (!next.isEmpty() && next.stream().noneMatch(SimPath::up) && !device.ioFailed) {
            LOG.warnf("wwid=%s every path failed: I/O now fails", device.wwid);
            cutOff(device);
        }
    }

    private DeviceMap view(SimDevice d) {
        List<DeviceMap.Path> paths = d.paths.stream().map(p -> new DeviceMap.Path(
                Path.of(d.loop).getFileName() + "@" + p.array() + "/" + p.via(), "sim:" + p.array() + ":" + p.lun(),
                p.up() ? "active" : "failed")).toList();
        long size;
        try {
            size = d.ioFailed ? 0 : Files.size(d.image);
        } catch (IOException e) {
            size = 0;
        }
        return new DeviceMap(d.wwid, mapperDir.resolve(d.wwid).toString(), size, paths, d.ioFailed);
    }

    @Override
    public synchronized Set<IscsiTarget> sessions() {
        return new LinkedHashSet<>(sessions.keySet());
    }

    @Override
    public synchronized void login(IscsiTarget target) {
        sessions.put(target, arrayOf(target));
    }

    /**
     * The array whose iSCSI ports offer this target at this portal (the simulated arrays may reuse portal
     * addresses, their IQNs differ).
     */
    private String arrayOf(IscsiTarget target) {
        String known = arrayOfTarget.get(target);
        if (known != null) {
            return known;
        }
        for (Map.Entry<String, FlashArrayClient> a : arrays.entrySet()) {
            List<Port> ports = a.getValue().ports().listAll().await().atMost(callTimeout);
            for (Port p : ports) {
                if (p.portal() != null && p.iqn() != null) {
                    arrayOfTarget.put(new IscsiTarget(p.iqn(), p.portal()), a.getKey());
                }
            }
        }
        String array = arrayOfTarget.get(target);
        if (array == null) {
            throw new HostException("login to " + target + " failed: no array offers that target there");
        }
        return array;
    }

    /** Simulates a dropped session (a network blip, an array controller reboot): its paths stay, unused. */
    public synchronized void dropSession(IscsiTarget target) {
        sessions.remove(target);
    }

    @Override
    public synchronized long rescan(String wwid) {
        SimDevice d = devices.get(wwid);
        if (d == null) {
            throw new HostException("no multipath map " + wwid + " to rescan");
        }
        refresh(d);
        long size = 0;
        for (SimPath p : d.paths) {
            if (p.up()) {
                Long provisioned = arrays.get(p.array()).volumes().get(p.volume()).await().atMost(callTimeout)
                        .provisioned();
                size = Math.max(size, provisioned == null ? 0 : provisioned);
            }
        }
        try {
            if (size > Files.size(d.image)) {
                runner.runOk(List.of("truncate", "-s", Long.toString(size), d.image.toString()), COMMAND);
                runner.runOk(List.of("losetup", "--set-capacity", d.loop), COMMAND);
            }
        } catch (IOException e) {
            throw new HostException("cannot read the size of " + d.image, e);
        }
        return filesystems.deviceSize(d.loop);
    }

    @Override
    public synchronized void disconnect(String wwid, Set<IscsiTarget> targets) {
        SimDevice d = devices.remove(wwid);
        if (d != null) {
            runner.runOk(List.of("losetup", "--detach", d.loop), COMMAND);
            try {
                Files.deleteIfExists(mapperDir.resolve(wwid));
            } catch (IOException e) {
                throw new HostException("cannot remove the link of " + wwid, e);
            }
        }
        for (IscsiTarget t : targets) {
            String array = sessions.get(t);
            boolean used = devices.values().stream().flatMap(x -> x.paths.stream())
                    .anyMatch(p -> p.array().equals(array) && p.via().equals(t.portal()));
            if (!used) {
                sessions.remove(t);
            }
        }
    }

    @Override
    public synchronized void failIo(String wwid) {
        SimDevice d = devices.get(wwid);
        if (d != null && !d.ioFailed) {
            cutOff(d);
        }
    }

    /** Saves the data aside for the array, then cuts the loop's file to nothing: every I/O gets EIO. */
    private void cutOff(SimDevice d) {
        try {
            Path keep = d.image.resolveSibling(d.image.getFileName() + ".keep");
            runner.runOk(List.of("cp", "--sparse=always", d.image.toString(), keep.toString()), COMMAND);
            runner.runOk(List.of("truncate", "-s", "0", d.image.toString()), COMMAND);
            runner.runOk(List.of("losetup", "--set-capacity", d.loop), COMMAND);
            // The loop keeps the emptied file open; the array's copy of the data takes the name back.
            Files.move(keep, d.image, StandardCopyOption.REPLACE_EXISTING);
            d.ioFailed = true;
        } catch (IOException e) {
            throw new HostException("cannot fail the I/O of " + d.wwid, e);
        }
    }

    @Override
    public void format(String wwid, String devicePath, String fsType) {
        filesystems.make(devicePath, fsType);
    }

    /** Detaches every loop device this host made and removes its links (tests, and a simulated node's end). */
    @Override
    public synchronized void close() {
        for (SimDevice d : List.copyOf(devices.values())) {
            try {
                runner.run(List.of("losetup", "--detach", d.loop), COMMAND);
                Files.deleteIfExists(mapperDir.resolve(d.wwid));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("wwid=%s could not release %s: %s", d.wwid, d.loop, e.getMessage());
            }
        }
        devices.clear();
        sessions.clear();
    }
}
