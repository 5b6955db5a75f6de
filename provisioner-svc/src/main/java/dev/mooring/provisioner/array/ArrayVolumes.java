package dev.mooring.provisioner.array;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.error.FlashArrayDestroyedException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.model.Pod;
import dev.mooring.flasharray.client.model.PodArrayStatus;
import dev.mooring.flasharray.client.model.QoS;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.kit.arrays.ArrayCalls;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.ArrayIntents;
import dev.mooring.kit.arrays.ArrayResult;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.provisioner.domain.placement.ArrayChoice;
import dev.mooring.provisioner.domain.placement.ArrayFacts;
import dev.mooring.provisioner.domain.placement.Topology;
import dev.mooring.provisioner.domain.placement.PodPlacement;
import dev.mooring.flasharray.client.query.Filter;
import dev.mooring.flasharray.client.query.Query;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates, resizes and destroys array volumes through the kit's {@link ArrayCalls}, so that repeating any step
 * is safe: names are deterministic, an "already exists" for our name is success, and a failure that may have
 * happened (timeout, dropped connection, 5xx) is answered by looking the volume up before trying again. Exactly
 * one array volume per requested volume, however often a step is retried.
 */
@ApplicationScoped
public class ArrayVolumes {

    @Inject
    ArrayDirectory directory;

    @Inject
    ArrayCalls calls;

    @Inject
    ArrayIntents intents;

    /** The operation a volume's create intent is recorded under. */
    static final String CREATE = "create-volume";
    /** The target of a stretched-pod volume's intent: the pod, finished through any serving member. */
    static final String POD_TARGET = "pod:";

    /**
     * What to create: the deterministic name, size, QoS, optionally the stretched pod, and where it is used
     * (its node's topology, which the arrays' labels must allow; {@link Topology#UNKNOWN} before a node is chosen).
     */
    public record Request(String name, long sizeBytes, Optional<String> pod, Long maxIops, Long maxBandwidth,
                          Topology where) {
        String qualifiedName() {
            return pod.map(p -> p + "::" + name).orElse(name);
        }
    }

    /**
     * Creates the volume of {@code key} where its intent says: the array chosen (the one with the most free
     * capacity) and recorded before the first create, reused by every retry, re-request and restart — so a create
     * that may have happened on one array is finished there, never repeated on another. A volume in a stretched
     * pod has the pod as its intent's target and is finished through whichever member serves the pod now.
     */
    public Uni<ArrayOutcome> create(String key, Request request) {
        if (request.pod().isPresent()) {
            String pod = request.pod().get();
            return locatePod(pod).chain(location -> location instanceof PodLocation.Found found
                    ? intents.recordOrReuse(key, CREATE, () -> Uni.createFrom().item(Optional.of(
                                    new ArrayIntents.Target(POD_TARGET + pod, request.qualifiedName()))))
                            .chain(intent -> createIn(found.servingArray(), found.arrays(), request))
                    : Uni.createFrom().item(((PodLocation.Missing) location).refusal()));
        }
        return intents.find(key, CREATE).chain(recorded -> {
            if (recorded.isPresent()) {
                String array = recorded.get().array();
                return createIn(array, List.of(array), request);
            }
            return candidates().chain(candidates -> {
                List<String> unregistered = directory.arrays().stream().filter(a -> !a.registered())
                        .map(RegisteredArray::displayName).toList();
                ArrayChoice.Choice choice = ArrayChoice.choose(candidates, unregistered, request.where());
                if (choice instanceof ArrayChoice.NoArray none) {
                    return Uni.createFrom().item(new ArrayOutcome.Refused(none.reason(), none.message(),
                            none.retryable(), List.of()));
                }
                String chosen = ((ArrayChoice.Chosen) choice).array();
                // Recorded and committed before the first create; another instance's intent wins if it was first.
                return intents.recordOrReuse(key, CREATE, () -> Uni.createFrom().item(Optional.of(
                                new ArrayIntents.Target(chosen, request.qualifiedName()))))
                        .chain(intent -> createIn(intent.orElseThrow().array(), List.of(intent.orElseThrow().array()),
                                request));
            });
        });
    }

    /**
     * Where a volume may exist besides the arrays it is known on: the array its create intent names (every
     * registered array for a pod's volume that was never seen made, as a pod's members may have changed).
     */
    public Uni<List<String>> whereItMayBe(String key, List<String> knownArrays) {
        return intents.find(key, CREATE).map(intent -> {
            if (intent.isEmpty() || intent.get().array().startsWith(POD_TARGET)) {
                return knownArrays;
            }
            List<String> arrays = new ArrayList<>(knownArrays);
            if (!arrays.contains(intent.get().array())) {
                arrays.add(intent.get().array());
            }
            return List.copyOf(arrays);
        });
    }

    /** In the ongoing transaction: the volume is gone for good, and so is its create intent. */
    public Uni<Void> forgetIntent(String key) {
        return intents.forget(key, CREATE);
    }

    /**
     * Creates the volume on the named array (a pool's drive, whose array was planned and recorded first).
     * "Already exists" with this name is success: the drive made by an earlier attempt.
     */
    public Uni<ArrayOutcome> createOn(String array, Request request) {
        if (directory.client(array).isEmpty()) {
            return Uni.createFrom().item(new ArrayOutcome.Refused("ArrayNotRegistered", "Array " + array
                    + " is not registered now", true, List.of(array)));
        }
        return createIn(array, List.of(array), request);
    }

    /**
     * Destroys the volume (recoverable on the array for its eradication delay). Missing or already
     * destroyed counts as done. With no known arrays, every registered array is searched for the name.
     */
    public Uni<ArrayOutcome> destroy(String qualifiedName, List<String> knownArrays) {
        List<String> arrays = knownArrays.isEmpty()
                ? directory.arrays().stream().filter(RegisteredArray::registered).map(RegisteredArray::name).toList()
                : knownArrays;
        List<String> destroyedOn = new ArrayList<>();
        Uni<ArrayOutcome> chain = Uni.createFrom().nullItem();
        for (String array : arrays) {
            chain = chain.chain(previous -> previous instanceof ArrayOutcome.Refused
                    ? Uni.createFrom().item(previous)
                    : destroyOn(array, qualifiedName).map(result -> {
                        if (result instanceof ArrayResult.Done<Boolean> done) {
                            if (Boolean.TRUE.equals(done.value())) {
                                destroyedOn.add(array);
                            }
                            return null;
                        }
                        return new ArrayOutcome.Refused("ArrayUnavailable", "Could not destroy " + qualifiedName
                                + " on " + array + ": " + messageOf(result), true, List.of(array));
                    }));
        }
        return chain.map(result -> result != null ? result
                : new ArrayOutcome.Done(qualifiedName, List.copyOf(destroyedOn), null, 0));
    }

    /** Done with true when this destroyed it or it was destroyed already, false when there is no such volume. */
    private Uni<ArrayResult<Boolean>> destroyOn(String array, String qualified) {
        Optional<FlashArrayClient> found = directory.client(array);
        if (found.isEmpty()) {
            return Uni.createFrom().item(new ArrayResult.Unavailable<>("array " + array + " holds " + qualified
                    + " but is not registered now", false, 0));
        }
        FlashArrayClient client = found.get();
        return calls.operation("destroy " + qualified + " on " + array, () -> client.volumes().destroy(qualified)
                        .replaceWith(Boolean.TRUE)
                        .onFailure(FlashArrayNotFoundException.class).recoverWithItem(Boolean.FALSE)
                        .onFailure(FlashArrayDestroyedException.class).recoverWithItem(Boolean.TRUE))
                .lookingUp(() -> client.volumes().find(qualified).map(volume -> volume.isEmpty()
                        ? Optional.of(Boolean.FALSE)
                        : volume.get().isDestroyed() ? Optional.of(Boolean.TRUE) : Optional.<Boolean>empty()))
                .run();
    }

    /**
     * Grows the volume to {@code bytes} (an absolute size, so repeating it is harmless; a volume that is as
     * large already counts as done). A stretched-pod volume is one volume on both arrays: it is resized
     * through the first member that accepts the change.
     */
    public Uni<ArrayOutcome> resize(String qualifiedName, List<String> knownArrays, long bytes) {
        List<String> arrays = knownArrays.isEmpty()
                ? directory.registered().stream().map(RegisteredArray::name).toList()
                : knownArrays;
        if (arrays.isEmpty()) {
            return Uni.createFrom().item(new ArrayOutcome.Refused("NoArrayRegistered", "No FlashArray is registered, so "
                    + qualifiedName + " cannot be resized", true, List.of()));
        }
        Uni<ArrayOutcome> chain = Uni.createFrom().nullItem();
        for (String array : arrays) {
            chain = chain.chain(previous -> previous instanceof ArrayOutcome.Done
                    ? Uni.createFrom().item(previous)
                    : resizeOn(array, qualifiedName, arrays, bytes));
        }
        return chain;
    }

    private Uni<ArrayOutcome> resizeOn(String array, String qualified, List<String> arrays, long bytes) {
        Optional<FlashArrayClient> found = directory.client(array);
        if (found.isEmpty()) {
            return Uni.createFrom().item(new ArrayOutcome.Refused("ArrayNotRegistered", "Array " + array + " holds "
                    + qualified + " but is not registered now", true, List.of(array)));
        }
        FlashArrayClient client = found.get();
        return calls.operation("resize " + qualified + " on " + array + " to " + bytes,
                        () -> client.volumes().get(qualified).chain(volume -> largeEnough(volume, bytes)
                                ? Uni.createFrom().item(volume) : client.volumes().resize(qualified, bytes)))
                .lookingUp(() -> client.volumes().get(qualified)
                        .map(volume -> largeEnough(volume, bytes) ? Optional.of(volume) : Optional.<Volume>empty()))
                .run()
                .map(result -> {
                    if (result instanceof ArrayResult.Done<Volume> done) {
                        Volume volume = done.value();
                        return volume.isDestroyed()
                                ? new ArrayOutcome.Refused("ArrayVolumeDestroyed", "Array volume " + qualified + " on "
                                        + array + " is destroyed (pending eradication); it cannot be resized", false,
                                        arrays)
                                : new ArrayOutcome.Done(qualified, arrays, volume.serial(),
                                        volume.provisioned() == null ? bytes : volume.provisioned());
                    }
                    if (result instanceof ArrayResult.Refused<Volume> refused) {
                        return refused.cause() instanceof FlashArrayNotFoundException
                                ? new ArrayOutcome.Refused("ArrayVolumeMissing", "Array volume " + qualified
                                        + " does not exist on " + array, false, arrays)
                                : new ArrayOutcome.Refused("ArrayRefused", "Array " + array + " refused to resize "
                                        + qualified + ": " + messageOf(result), false, arrays);
                    }
                    return new ArrayOutcome.Refused("ArrayUnavailable", "Array " + array + " did not answer while "
                            + "resizing " + qualified + " (" + messageOf(result) + ")", true, arrays);
                });
    }

    private static boolean largeEnough(Volume volume, long bytes) {
        return volume.provisioned() != null && volume.provisioned() >= bytes;
    }

    private Uni<ArrayOutcome> createIn(String array, List<String> servingArrays, Request request) {
        Optional<FlashArrayClient> found = directory.client(array);
        if (found.isEmpty()) {
            return Uni.createFrom().item(new ArrayOutcome.Refused("ArrayNotRegistered", "Array " + array
                    + " is not registered now", true, List.of(array)));
        }
        FlashArrayClient client = found.get();
        VolumeCreate spec = VolumeCreate.of(request.name(), request.sizeBytes());
        if (request.pod().isPresent()) {
            spec = spec.inPod(request.pod().get());
        }
        if (request.maxIops() != null || request.maxBandwidth() != null) {
            spec = spec.withQos(QoS.limits(request.maxBandwidth(), request.maxIops()));
        }
        VolumeCreate create = spec;
        String qualified = request.qualifiedName();
        return calls.operation("create " + qualified + " on " + array, () -> client.volumes().create(create))
                .lookingUp(() -> client.volumes().find(qualified))
                .run()
                .map(result -> {
                    if (result instanceof ArrayResult.Done<Volume> done) {
                        return outcomeOf(done.value(), qualified, servingArrays);
                    }
                    if (result instanceof ArrayResult.Refused<Volume>) {
                        return new ArrayOutcome.Refused("ArrayRefused", "Array " + array + " refused to create "
                                + qualified + ": " + messageOf(result), false, List.of(array));
                    }
                    return new ArrayOutcome.Refused("ArrayUnavailable", "Array " + array + " did not answer while "
                            + "creating " + qualified + " (" + messageOf(result) + "); it may have been made there, so "
                            + "it is made on " + array + " and nowhere else: request it again once " + array
                            + " answers", true, List.of(array));
                });
    }

    private static ArrayOutcome outcomeOf(Volume volume, String qualified, List<String> arrays) {
        if (volume.isDestroyed()) {
            return new ArrayOutcome.Refused("ArrayVolumeDestroyed", "Array volume " + qualified
                    + " exists but is destroyed (pending eradication); recover or eradicate it on the array",
                    false, arrays);
        }
        return new ArrayOutcome.Done(qualified, arrays, volume.serial(),
                volume.provisioned() == null ? 0 : volume.provisioned());
    }

    /** What the array said (a refusal), or why the attempts ran out. */
    private static String messageOf(ArrayResult<?> result) {
        if (result instanceof ArrayResult.Refused<?> refused) {
            return refused.cause().arrayMessage().orElse(refused.cause().getMessage());
        }
        if (result instanceof ArrayResult.Unavailable<?> unavailable) {
            return unavailable.message();
        }
        return "done";
    }

    /**
     * Where a stretched pod is: its member arrays that are registered, and one that serves it now — or why a
     * volume cannot go there ({@link PodPlacement}: missing, in a realm, not promoted, not stretched, or not
     * online on any registered array).
     */
    private Uni<PodLocation> locatePod(String podName) {
        List<RegisteredArray> registered = directory.arrays().stream().filter(RegisteredArray::registered).toList();
        if (registered.isEmpty()) {
            return Uni.createFrom().item(new PodLocation.Missing(new ArrayOutcome.Refused("NoArrayRegistered",
                    "No FlashArray is registered, so pod " + podName + " cannot be found", true, List.of())));
        }
        boolean incomplete = directory.arrays().size() > registered.size();
        List<Uni<Optional<PodPlacement.PodFacts>>> lookups = registered.stream()
                .map(a -> findPod(directory.client(a.name()).orElseThrow(), podName)
                        .map(found -> found.map(pod -> new PodPlacement.PodFacts(pod.name(), a.name(),
                                pod.isDestroyed(), pod.promotionStatus(),
                                pod.arrays().stream().map(PodArrayStatus::name).toList()))))
                .toList();
        return Uni.join().all(lookups).andFailFast().map(results -> {
            Optional<PodPlacement.PodFacts> pod = PodPlacement.pick(results.stream().flatMap(Optional::stream)
                    .toList());
            List<String> searched = registered.stream().map(RegisteredArray::name).toList();
            Optional<PodPlacement.Refusal> refusal = PodPlacement.check(podName, pod, searched, incomplete);
            if (refusal.isPresent()) {
                return new PodLocation.Missing(new ArrayOutcome.Refused(refusal.get().reason(),
                        refusal.get().message(), refusal.get().retryable(), List.of()));
            }
            List<String> members = pod.get().arrays().stream()
                    .filter(name -> directory.client(name).isPresent()).sorted().toList();
            return new PodLocation.Candidate(podName, members);
        }).chain(location -> location instanceof PodLocation.Candidate candidate
                ? servingMember(candidate) : Uni.createFrom().item(location));
    }

    /** The first registered member (by name) on which the pod is online now, as that member reports it. */
    private Uni<PodLocation> servingMember(PodLocation.Candidate candidate) {
        List<Uni<Optional<Pod>>> views = candidate.arrays().stream()
                .map(name -> directory.client(name).orElseThrow().pods().find(candidate.pod())
                        .onFailure().recoverWithItem(Optional.empty()))
                .toList();
        if (views.isEmpty()) {
            return Uni.createFrom().item(new PodLocation.Missing(new ArrayOutcome.Refused("PodNotServing", "Pod "
                    + candidate.pod() + " is on no registered array", true, List.of())));
        }
        return Uni.join().all(views).andFailFast().map(seen -> PodPlacement.servingMember(candidate.arrays(),
                        array -> seen.get(candidate.arrays().indexOf(array)).flatMap(p -> p.array(array))
                                .map(PodArrayStatus::isOnline).orElse(false))
                .<PodLocation>map(array -> new PodLocation.Found(array, candidate.arrays()))
                .orElseGet(() -> new PodLocation.Missing(new ArrayOutcome.Refused("PodNotServing", "Pod "
                        + candidate.pod() + " is not online on any registered array ("
                        + String.join(", ", candidate.arrays()) + ")", true, candidate.arrays()))));
    }

    /**
     * The pod by name; when there is none by that name, a pod of that name inside a realm
     * ({@code realm::name}), so that the refusal can say it is in a realm rather than missing.
     */
    private static Uni<Optional<Pod>> findPod(FlashArrayClient client, String name) {
        return client.pods().find(name).chain(found -> found.isPresent() || name.contains("::")
                        ? Uni.createFrom().item(found)
                        : client.pods().listAll(Query.filter(Filter.eq("name", "*::" + name)))
                                .map(pods -> pods.stream().filter(p -> p.name() != null && p.name().endsWith("::" + name))
                                        .findFirst()))
                .onFailure().recoverWithItem(Optional.empty());
    }

    /**
     * Registered arrays with their free capacity now (unreachable when they do not answer) and their labels; a
     * volume is thin and reserves nothing, so nothing is counted against the room.
     */
    private Uni<List<ArrayFacts>> candidates() {
        List<Uni<ArrayFacts>> reads = directory.registered().stream()
                .map(array -> directory.freeBytes(array.name())
                        .map(free -> new ArrayFacts(array.name(), free.isPresent(), free.orElse(0L), 0,
                                array.labels())))
                .toList();
        return reads.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(reads).andFailFast();
    }

    private sealed interface PodLocation {
        record Candidate(String pod, List<String> arrays) implements PodLocation {
        }

        record Found(String servingArray, List<String> arrays) implements PodLocation {
        }

        record Missing(ArrayOutcome.Refused refusal) implements PodLocation {
        }
    }
}
