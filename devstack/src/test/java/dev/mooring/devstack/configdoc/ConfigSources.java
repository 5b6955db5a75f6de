package dev.mooring.devstack.configdoc;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LiteralStringValueExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.nodeTypes.NodeWithJavadoc;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import io.smallrye.config.common.utils.StringUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the configuration keys of the repository's modules from their sources: each {@code @ConfigMapping}
 * interface (nested groups, {@code Optional}, lists, maps, {@code @WithName}, {@code @WithParentName}, member names
 * in kebab case as SmallRye names them) and each {@code @ConfigProperty} field or parameter, with its Javadoc.
 * Reading sources instead of compiled classes needs no Quarkus start and keeps the Javadoc.
 */
final class ConfigSources {

    /** Set per service in its application.properties (its name and version), not something an operator changes. */
    private static final Set<String> NOT_SETTINGS = Set.of("quarkus.application.name", "quarkus.application.version");

    private final Path root;
    private final JavaParser parser = new JavaParser(
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    private final Map<Path, CompilationUnit> parsed = new LinkedHashMap<>();
    /** {@code SimpleClassName.FIELD} → the constant's value, over every module, for names and defaults given by constant. */
    private final Map<String, String> constants = new LinkedHashMap<>();

    /** Every source file by its simple name, to find the class of a constant used in an annotation. */
    private final Map<String, List<Path>> filesByName = new LinkedHashMap<>();

    ConfigSources(Path root, List<String> modules) {
        this.root = root;
        for (String module : modules) {
            for (Path file : javaFiles(root.resolve(module).resolve("src/main/java"))) {
                String name = file.getFileName().toString().replace(".java", "");
                filesByName.computeIfAbsent(name, n -> new ArrayList<>()).add(file);
                // Only files that declare keys are parsed up front (parsing them all takes seconds).
                if (declaresKeys(file)) {
                    parsed.put(file, parse(file));
                }
            }
        }
        parsed.values().forEach(this::collectConstants);
    }

    private static boolean declaresKeys(Path file) {
        try {
            String text = Files.readString(file);
            return text.contains("@ConfigMapping") || text.contains("@ConfigProperty");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module's mappings, in the order of their files, then one group of its loose {@code @ConfigProperty} keys. */
    List<SettingGroup> groupsOf(String module) {
        Path sources = root.resolve(module).resolve("src/main/java");
        List<SettingGroup> groups = new ArrayList<>();
        Map<String, Setting> loose = new LinkedHashMap<>();
        Map<String, String> readers = new LinkedHashMap<>();
        // A copy: resolving a constant may parse another file meanwhile (one that declares no keys).
        new LinkedHashMap<>(parsed).forEach((file, unit) -> {
            if (!file.startsWith(sources)) {
                return;
            }
            for (ClassOrInterfaceDeclaration type : unit.findAll(ClassOrInterfaceDeclaration.class)) {
                annotation(type, "ConfigMapping").ifPresent(mapping -> groups.add(mapping(type, mapping, file)));
                looseSettings(type, loose, readers);
            }
        });
        if (!loose.isEmpty()) {
            // A key no reader documents is described by the first class that reads it.
            List<Setting> settings = loose.values().stream().map(s -> s.description().isEmpty()
                    ? new Setting(s.key(), s.type(), s.defaultValue(), readers.get(s.key())) : s).toList();
            groups.add(new SettingGroup("Other keys " + module + " reads", "", "", settings));
        }
        return groups;
    }

    private SettingGroup mapping(ClassOrInterfaceDeclaration type, AnnotationExpr mapping, Path file) {
        String prefix = member(mapping, "prefix").map(e -> value(e, type)).orElse("");
        List<Setting> settings = new ArrayList<>();
        members(type, prefix, "", settings);
        return new SettingGroup(prefix, root.relativize(file).toString().replace('\\', '/'), javadoc(type), settings);
    }

    /** The keys of one mapping interface or group under {@code path}; a key without Javadoc takes its group's. */
    private void members(ClassOrInterfaceDeclaration type, String path, String groupDoc, List<Setting> out) {
        for (MethodDeclaration method : type.getMethods()) {
            if (method.isStatic() || method.isDefault() || method.getBody().isPresent()
                    || !method.getParameters().isEmpty()) {
                continue;
            }
            String doc = javadoc(method);
            String name = annotation(method, "WithName").flatMap(a -> member(a, "value")).map(e -> value(e, type))
                    .orElse(StringUtil.skewer(method.getNameAsString()));
            String key = annotation(method, "WithParentName").isPresent() ? path : path + "." + name;
            Type valueType = method.getType();
            boolean optional = false;
            if (isNamed(valueType, "Optional")) {
                valueType = argument(valueType, 0);
                optional = true;
            }
            if (isNamed(valueType, "Map")) {
                valueType = argument(valueType, 1);
                key = key + ".<key>";
                optional = true;
            }
            Optional<ClassOrInterfaceDeclaration> group = groupOf(valueType, type);
            if (group.isEmpty() && isNamed(valueType, "List") && groupOf(argument(valueType, 0), type).isPresent()) {
                group = groupOf(argument(valueType, 0), type);
                key = key + "[<n>]";
            }
            String description = doc.isEmpty() ? groupDoc : doc;
            if (group.isPresent()) {
                String inherited = doc.isEmpty() ? javadoc(group.get()) : doc;
                members(group.get(), key, inherited, out);
                continue;
            }
            String defaultValue = annotation(method, "WithDefault").flatMap(a -> member(a, "value"))
                    .map(e -> value(e, type)).orElse(optional || isOptionalType(valueType) ? "none" : "required");
            out.add(new Setting(key, words(valueType, type), defaultValue, description));
        }
    }

    /** Keys read one by one: {@code @ConfigProperty} on fields and on parameters, merged by key. */
    private void looseSettings(ClassOrInterfaceDeclaration type, Map<String, Setting> into,
            Map<String, String> readers) {
        for (FieldDeclaration field : type.getFields()) {
            annotation(field, "ConfigProperty").ifPresent(a -> addLoose(a, field.getElementType(), javadoc(field),
                    type, into, readers));
        }
        for (Parameter parameter : type.findAll(Parameter.class)) {
            annotation(parameter, "ConfigProperty").ifPresent(a -> addLoose(a, parameter.getType(), "", type, into,
                    readers));
        }
    }

    private void addLoose(AnnotationExpr annotation, Type type, String doc, ClassOrInterfaceDeclaration owner,
            Map<String, Setting> into, Map<String, String> readers) {
        String key = member(annotation, "name").map(e -> value(e, owner)).orElse("");
        if (key.isEmpty() || NOT_SETTINGS.contains(key)) {
            return;
        }
        boolean optional = isOptionalType(type);
        Type valueType = isNamed(type, "Optional") ? argument(type, 0) : type;
        String defaultValue = member(annotation, "defaultValue").map(e -> value(e, owner))
                .orElse(optional ? "none" : "required");
        readers.putIfAbsent(key, "Read by `" + owner.getNameAsString() + "`: " + firstSentence(javadoc(owner)));
        Setting setting = new Setting(key, words(valueType, owner), defaultValue, doc);
        into.merge(key, setting, Setting::mergedWith);
    }

    // --- types ---

    /** A group is an interface declared in the mapping's file (SmallRye would also take one from elsewhere; we have none). */
    private Optional<ClassOrInterfaceDeclaration> groupOf(Type type, ClassOrInterfaceDeclaration context) {
        if (!type.isClassOrInterfaceType()) {
            return Optional.empty();
        }
        String name = type.asClassOrInterfaceType().getNameAsString();
        return context.findCompilationUnit().stream()
                .flatMap(unit -> unit.findAll(ClassOrInterfaceDeclaration.class).stream())
                .filter(d -> d.isInterface() && d.getNameAsString().equals(name))
                .findFirst();
    }

    private static boolean isNamed(Type type, String name) {
        return type.isClassOrInterfaceType() && type.asClassOrInterfaceType().getNameAsString().equals(name);
    }

    private static boolean isOptionalType(Type type) {
        return type.isClassOrInterfaceType() && type.asClassOrInterfaceType().getNameAsString().startsWith("Optional");
    }

    private static Type argument(Type type, int index) {
        return type.asClassOrInterfaceType().getTypeArguments()
                .filter(arguments -> arguments.size() > index).map(arguments -> arguments.get(index))
                .orElseThrow(() -> new IllegalStateException("a raw " + type + " in a configuration type"));
    }

    /** The value's kind in words, as an operator writes it. */
    private static String words(Type type, ClassOrInterfaceDeclaration context) {
        if (type.isPrimitiveType()) {
            return primitiveWords(type.asString());
        }
        ClassOrInterfaceType named = type.asClassOrInterfaceType();
        String name = named.getNameAsString();
        switch (name) {
            case "List", "Set" -> {
                return "list of " + words(argument(type, 0), context);
            }
            case "Optional" -> {
                return words(argument(type, 0), context);
            }
            case "OptionalInt", "OptionalLong", "Integer", "Long", "Short" -> {
                return "integer";
            }
            case "Boolean" -> {
                return "boolean";
            }
            case "String" -> {
                return "string";
            }
            case "Duration" -> {
                return "duration";
            }
            case "Path" -> {
                return "path";
            }
            default -> {
                return enumWords(name, context).orElse(name);
            }
        }
    }

    private static String primitiveWords(String primitive) {
        return switch (primitive) {
            case "boolean" -> "boolean";
            case "double", "float" -> "number";
            default -> "integer";
        };
    }

    private static Optional<String> enumWords(String name, ClassOrInterfaceDeclaration context) {
        return context.findCompilationUnit().stream()
                .flatMap(unit -> unit.findAll(EnumDeclaration.class).stream())
                .filter(e -> e.getNameAsString().equals(name))
                .findFirst()
                .map(e -> "one of " + String.join(", ",
                        e.getEntries().stream().map(entry -> "`" + entry.getNameAsString() + "`").toList()));
    }

    // --- values: literals and constants ---

    private void collectConstants(CompilationUnit unit) {
        for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
            for (FieldDeclaration field : type.getFields()) {
                if (!field.isStatic() || !field.isFinal()) {
                    continue;
                }
                field.getVariables().forEach(variable -> variable.getInitializer()
                        .filter(Expression::isLiteralExpr)
                        .map(ConfigSources::literal)
                        .ifPresent(v -> constants.put(type.getNameAsString() + "." + variable.getNameAsString(), v)));
            }
        }
    }

    private static String literal(Expression expression) {
        if (expression instanceof StringLiteralExpr string) {
            return string.asString();
        }
        if (expression instanceof LiteralStringValueExpr value) {
            return value.getValue();
        }
        return expression.toString();
    }

    /** An annotation member's value: a literal, a constant of this or another class, or a concatenation of those. */
    private String value(Expression expression, ClassOrInterfaceDeclaration owner) {
        if (expression.isLiteralExpr()) {
            return literal(expression);
        }
        if (expression instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.PLUS) {
            return value(binary.getLeft(), owner) + value(binary.getRight(), owner);
        }
        if (expression instanceof NameExpr name) {
            return constant(owner.getNameAsString() + "." + name.getNameAsString(), expression);
        }
        if (expression instanceof FieldAccessExpr access) {
            String scope = access.getScope().toString();
            String simple = scope.substring(scope.lastIndexOf('.') + 1);
            return constant(simple + "." + access.getNameAsString(), expression);
        }
        throw new IllegalStateException("cannot read the configuration value " + expression + " in " + owner.getName());
    }

    private String constant(String qualified, Expression expression) {
        if (!constants.containsKey(qualified)) {
            String owner = qualified.substring(0, qualified.indexOf('.'));
            filesByName.getOrDefault(owner, List.of()).stream().filter(f -> !parsed.containsKey(f))
                    .forEach(f -> collectConstants(parsed.computeIfAbsent(f, this::parse)));
        }
        String value = constants.get(qualified);
        if (value == null) {
            throw new IllegalStateException("cannot resolve the constant " + expression + " (" + qualified + ")");
        }
        return value;
    }

    private static Optional<AnnotationExpr> annotation(NodeWithAnnotations<?> node, String name) {
        return node.getAnnotations().stream()
                .filter(a -> a.getNameAsString().equals(name) || a.getNameAsString().endsWith("." + name))
                .findFirst();
    }

    private static Optional<Expression> member(AnnotationExpr annotation, String name) {
        if (annotation instanceof SingleMemberAnnotationExpr single) {
            return name.equals("value") ? Optional.of(single.getMemberValue()) : Optional.empty();
        }
        if (annotation instanceof NormalAnnotationExpr normal) {
            return normal.getPairs().stream().filter(p -> p.getNameAsString().equals(name))
                    .map(p -> p.getValue()).findFirst();
        }
        return Optional.empty();
    }

    // --- Javadoc ---

    private static String javadoc(NodeWithJavadoc<?> node) {
        return node.getJavadoc().map(j -> Markdown.fromJavadoc(j.getDescription().toText())).orElse("");
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    // --- files ---

    private CompilationUnit parse(Path file) {
        try {
            ParseResult<CompilationUnit> result = parser.parse(file);
            return result.getResult().filter(u -> result.isSuccessful())
                    .orElseThrow(() -> new IllegalStateException("cannot parse " + file + ": " + result.getProblems()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
