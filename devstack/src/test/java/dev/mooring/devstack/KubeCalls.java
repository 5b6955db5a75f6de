package dev.mooring.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What code does against the Kubernetes API, read from its sources: every chain of fabric8 calls that starts at a
 * {@code KubernetesClient} (a field, parameter or local of that type, or {@code Instance<KubernetesClient>.get()}),
 * as the resource its accessor addresses ({@code nodes()}, {@code storage().v1().volumeAttachments()}…) and the RBAC
 * verbs of its operation ({@code inform}, {@code edit}…). A chain that ends without an operation must be the
 * {@code return} of a helper method; the operations on that helper's result count. Anything this reader does not
 * know — another accessor, another operation, a handle kept in a variable — fails with what to add, so a new kind of
 * Kubernetes call cannot slip past the RBAC table.
 */
final class KubeCalls {

    /** What a resource accessor addresses: its API group ("" for core) and plural resource name. */
    record Resource(String group, String resource) {
    }

    /** A verb on the resource itself ({@code subresource} empty) or on one of its subresources ({@code status}). */
    record Access(String subresource, String verb) {
    }

    /** One permission a class needs: {@code group/resource[/subresource]:verb}. */
    record Call(String group, String resource, String verb, String className) {

        String permission() {
            return (group.isEmpty() ? "" : group + "/") + resource + ":" + verb;
        }
    }

    /** fabric8's accessors (the argument-less calls after the client, joined by dots) and what each addresses. */
    static final Map<String, Resource> ACCESSORS = Map.ofEntries(
            Map.entry("nodes", new Resource("", "nodes")),
            Map.entry("persistentVolumes", new Resource("", "persistentvolumes")),
            Map.entry("persistentVolumeClaims", new Resource("", "persistentvolumeclaims")),
            Map.entry("configMaps", new Resource("", "configmaps")),
            Map.entry("secrets", new Resource("", "secrets")),
            Map.entry("pods", new Resource("", "pods")),
            Map.entry("services", new Resource("", "services")),
            Map.entry("namespaces", new Resource("", "namespaces")),
            Map.entry("v1.events", new Resource("", "events")),
            Map.entry("events.v1.events", new Resource("events.k8s.io", "events")),
            Map.entry("leases", new Resource("coordination.k8s.io", "leases")),
            Map.entry("coordination.v1.leases", new Resource("coordination.k8s.io", "leases")),
            Map.entry("apps.deployments", new Resource("apps", "deployments")),
            Map.entry("apps.statefulSets", new Resource("apps", "statefulsets")),
            Map.entry("storage.v1.storageClasses", new Resource("storage.k8s.io", "storageclasses")),
            Map.entry("storage.v1.volumeAttachments", new Resource("storage.k8s.io", "volumeattachments")),
            Map.entry("storage.v1.csiNodes", new Resource("storage.k8s.io", "csinodes")),
            Map.entry("authentication.v1.tokenReviews", new Resource("authentication.k8s.io", "tokenreviews")));

    /**
     * Custom resources, reached with {@code genericKubernetesResources(CONSTANT)}: the name of the constant (a
     * {@code ResourceDefinitionContext}) and what it addresses. Any other argument fails the scan.
     */
    static final Map<String, Resource> GENERIC = Map.of(
            "CLUSTER_PAIRS", new Resource("dr.mooring.dev", "clusterpairs"),
            "MIGRATION_SCHEDULES", new Resource("dr.mooring.dev", "migrationschedules"));

    /** Calls on the client that reach no API: its own settings. */
    static final Set<String> LOCAL = Set.of("getNamespace", "getConfiguration", "getMasterUrl", "close");

    /** Calls that only narrow what a chain addresses. */
    static final Set<String> NAVIGATORS = Set.of("inNamespace", "inAnyNamespace", "withName", "resource", "withLabel",
            "withLabels", "withLabelSelector", "withField", "withFields", "withoutLabel", "withResourceVersion",
            "withTimeout", "withTimeoutInMillis", "withLimit");

    /**
     * The operations the code uses and the requests each sends, as RBAC verbs: fabric8's {@code edit}, {@code patch}
     * and {@code editStatus} read the object before they patch it. {@link Fabric8VerbsTest} proves each line against
     * fabric8 itself; an operation not listed here fails the scan.
     */
    static final Map<String, List<Access>> OPERATIONS = Map.ofEntries(
            Map.entry("inform", List.of(new Access("", "list"), new Access("", "watch"))),
            Map.entry("runnableInformer", List.of(new Access("", "list"), new Access("", "watch"))),
            Map.entry("list", List.of(new Access("", "list"))),
            Map.entry("get", List.of(new Access("", "get"))),
            Map.entry("create", List.of(new Access("", "create"))),
            Map.entry("delete", List.of(new Access("", "delete"))),
            Map.entry("edit", List.of(new Access("", "get"), new Access("", "patch"))),
            Map.entry("patch", List.of(new Access("", "get"), new Access("", "patch"))),
            Map.entry("editStatus", List.of(new Access("", "get"), new Access("status", "patch"))),
            // With the resourceVersion of the object read before (the code's rule): a PUT, nothing else.
            Map.entry("update", List.of(new Access("", "update"))),
            Map.entry("updateStatus", List.of(new Access("status", "update"))));

    private static final Pattern CLIENT = Pattern.compile("\\bKubernetesClient\\s+(\\w+)\\b");
    private static final Pattern CLIENT_INSTANCE = Pattern.compile("\\bInstance\\s*<\\s*KubernetesClient\\s*>\\s+(\\w+)\\b");
    private static final Pattern METHOD = Pattern.compile("\\b(\\w+)\\s*\\([^;{}()]*\\)\\s*(?:throws[^{;]*)?\\{");
    private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "synchronized", "try",
            "return", "new");

    private KubeCalls() {
    }

    /** The calls of every Java source under {@code dir}. */
    static List<Call> scanTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Call> calls = new ArrayList<>();
            files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> calls.addAll(scan(p)));
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The calls of one Java source. */
    static List<Call> scan(Path file) {
        String className = file.getFileName().toString().replace(".java", "");
        return new Reader(className, code(Manifests.read(file))).calls();
    }

    /** The calls of Java source text (tests of this reader use it). */
    static List<Call> scan(String className, String source) {
        return new Reader(className, code(source)).calls();
    }

    /** One source file's text without comments and literals, read chain by chain. */
    private static final class Reader {
        private final String className;
        private final String text;
        private final List<Call> calls = new ArrayList<>();

        Reader(String className, String text) {
            this.className = className;
            this.text = text;
        }

        List<Call> calls() {
            for (String client : names(CLIENT)) {
                Matcher use = Pattern.compile("(?<![\\w.])(?:this\\s*\\.\\s*)?" + client + "\\s*(?=\\.)").matcher(text);
                while (use.find()) {
                    fromClient(use.end());
                }
            }
            for (String instance : names(CLIENT_INSTANCE)) {
                Matcher use = Pattern.compile("(?<![\\w.])(?:this\\s*\\.\\s*)?" + instance + "\\s*\\.\\s*get\\s*\\(\\s*\\)\\s*(?=\\.)").matcher(text);
                while (use.find()) {
                    fromClient(use.end());
                }
            }
            return calls;
        }

        private List<String> names(Pattern declaration) {
            List<String> names = new ArrayList<>();
            Matcher m = declaration.matcher(text);
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
            return names;
        }

        /** The chain that starts at {@code at} (a dot right after a client). */
        private void fromClient(int at) {
            List<Segment> chain = chain(at);
            if (chain.isEmpty() || LOCAL.contains(chain.get(0).name())) {
                return;
            }
            int accessorLength = 0;
            Resource resource = null;
            if (chain.get(0).name().equals("genericKubernetesResources")) {
                String argument = chain.get(0).arguments().strip();
                resource = GENERIC.get(argument.substring(argument.lastIndexOf('.') + 1));
                if (resource == null) {
                    throw unknown("genericKubernetesResources(" + argument + ") (name a constant of KubeCalls.GENERIC)");
                }
                accessorLength = 1;
            }
            StringBuilder joined = new StringBuilder();
            boolean generic = resource != null;
            for (int i = 0; !generic && i < chain.size() && chain.get(i).noArguments(); i++) {
                joined.append(i == 0 ? "" : ".").append(chain.get(i).name());
                if (ACCESSORS.containsKey(joined.toString())) {
                    resource = ACCESSORS.get(joined.toString());
                    accessorLength = i + 1;
                }
            }
            if (resource == null) {
                throw unknown("the accessor " + chain.get(0).name() + "() (add it to KubeCalls.ACCESSORS, then the RBAC table)");
            }
            List<Segment> rest = chain.subList(accessorLength, chain.size());
            if (!operate(resource, rest)) {
                throughHelper(resource, at);
            }
        }

        /** Records the first operation of {@code rest}; false when it has none (the chain is a handle). */
        private boolean operate(Resource resource, List<Segment> rest) {
            for (Segment segment : rest) {
                if (NAVIGATORS.contains(segment.name())) {
                    continue;
                }
                List<Access> accesses = OPERATIONS.get(segment.name());
                if (accesses == null) {
                    throw unknown("the operation " + segment.name() + "() on " + resource.resource()
                            + " (add its verbs to KubeCalls.OPERATIONS, proven in Fabric8VerbsTest)");
                }
                for (Access access : accesses) {
                    String name = access.subresource().isEmpty() ? resource.resource()
                            : resource.resource() + "/" + access.subresource();
                    calls.add(new Call(resource.group(), name, access.verb(), className));
                }
                return true;
            }
            return false;
        }

        /** A chain without an operation is a helper's {@code return}: the operations on the helper's calls count. */
        private void throughHelper(Resource resource, int at) {
            int statement = Math.max(text.lastIndexOf(';', at), Math.max(text.lastIndexOf('{', at), text.lastIndexOf('}', at)));
            if (!text.substring(statement + 1, at).strip().startsWith("return ")) {
                throw unknown("a " + resource.resource() + " chain without an operation that is not a helper's return");
            }
            String helper = enclosingMethod(at);
            Matcher call = Pattern.compile("(?<![\\w.])" + helper + "\\s*\\(").matcher(text);
            boolean used = false;
            while (call.find()) {
                int close = closing(call.end() - 1);
                int after = skipSpace(close + 1);
                if (after < text.length() && text.charAt(after) == '{') {
                    continue; // the helper's own declaration
                }
                if (!operate(resource, chain(after))) {
                    throw unknown("the " + resource.resource() + " handle of " + helper + "() used without an operation");
                }
                used = true;
            }
            if (!used) {
                throw unknown("the helper " + helper + "() that returns a " + resource.resource() + " handle, never called here");
            }
        }

        private String enclosingMethod(int at) {
            Matcher m = METHOD.matcher(text.substring(0, at));
            String name = null;
            while (m.find()) {
                if (!KEYWORDS.contains(m.group(1))) {
                    name = m.group(1);
                }
            }
            if (name == null) {
                throw unknown("a chain returned outside a method");
            }
            return name;
        }

        /** The calls {@code .name(args)} that follow one another from {@code at}. */
        private List<Segment> chain(int at) {
            List<Segment> segments = new ArrayList<>();
            int i = skipSpace(at);
            while (i < text.length() && text.charAt(i) == '.') {
                int start = skipSpace(i + 1);
                int end = start;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                int open = skipSpace(end);
                if (end == start || open >= text.length() || text.charAt(open) != '(') {
                    break; // a field, or the end of the chain
                }
                int close = closing(open);
                segments.add(new Segment(text.substring(start, end), text.substring(open + 1, close)));
                i = skipSpace(close + 1);
            }
            return segments;
        }

        private int closing(int open) {
            int depth = 0;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            throw unknown("unbalanced parentheses");
        }

        private int skipSpace(int i) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i;
        }

        private IllegalStateException unknown(String what) {
            return new IllegalStateException(className + ": KubeCalls cannot tell what " + what + " needs");
        }
    }

    private record Segment(String name, String arguments) {

        boolean noArguments() {
            return arguments.isBlank();
        }
    }

    /** Java source with comments, string and character literals blanked out (their line breaks kept). */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = blank(source, i, end < 0 ? source.length() : end + 2, out);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end;
                out.append("\"\"");
                blank(source, i + 3, end, out);
                i = Math.min(source.length(), end + 3);
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int blank(String source, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            out.append(source.charAt(i) == '\n' ? '\n' : ' ');
        }
        return to;
    }
}
