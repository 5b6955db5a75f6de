package dev.mooring.flasharray.sim.api.model;

import dev.mooring.flasharray.sim.config.RestVersions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The FlashArray REST 2.x response models, kept as data in {@code flasharray-models/} on the classpath: one
 * {@code <model>.fields} file per model (field, since, until, type per line) and {@code catalog.properties} naming
 * the models and the range of REST versions their field lists cover. Where each list comes from is in
 * {@code docs/flasharray-api.md}.
 */
public final class ModelCatalog {
    private static final String DIR = "flasharray-models/";
    private static volatile ModelCatalog standard;

    private final int oldest;
    private final int newest;
    private final Map<String, ModelDef> models;

    ModelCatalog(int oldest, int newest, Map<String, ModelDef> models) {
        this.oldest = oldest;
        this.newest = newest;
        this.models = Collections.unmodifiableMap(models);
    }

    /** The catalog bundled with the simulator (loaded once). */
    public static ModelCatalog standard() {
        ModelCatalog c = standard;
        if (c == null) {
            synchronized (ModelCatalog.class) {
                c = standard;
                if (c == null) {
                    c = load();
                    standard = c;
                }
            }
        }
        return c;
    }

    private static ModelCatalog load() {
        Properties p = new Properties();
        try (InputStream in = resource(DIR + "catalog.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ModelDef> models = new LinkedHashMap<>();
        for (String name : p.getProperty("models", "").split(",")) {
            String n = name.trim();
            if (!n.isEmpty()) {
                models.put(n, parse(n, read(DIR + n + ".fields")));
            }
        }
        ModelCatalog catalog = new ModelCatalog(RestVersions.key(p.getProperty("oldest")), RestVersions.key(p.getProperty("newest")), models);
        catalog.checkReferences();
        return catalog;
    }

    private static InputStream resource(String path) {
        InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing model resource " + path);
        }
        return in;
    }

    private static String read(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one {@code .fields} file: {@code name since until type}, {@code -} for "none", {@code #} comments. */
    static ModelDef parse(String model, String text) {
        List<FieldDef> fields = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = model + ".fields:" + (i + 1);
            String[] cols = line.split("\\s+");
            if (cols.length != 4) {
                throw new IllegalStateException(where + ": expected 'field since until type', got '" + line + "'");
            }
            int since;
            int until;
            try {
                since = RestVersions.key(cols[1]);
                until = cols[2].equals("-") ? 0 : RestVersions.key(cols[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage());
            }
            if (until != 0 && until < since) {
                throw new IllegalStateException(where + ": field " + cols[0] + " ends before it starts");
            }
            String type = cols[3];
            boolean list = type.startsWith("[") && type.endsWith("]");
            String nested = type.equals("-") ? null : list ? type.substring(1, type.length() - 1) : type;
            if (fields.stream().anyMatch(f -> f.name().equals(cols[0]))) {
                throw new IllegalStateException(where + ": field " + cols[0] + " appears twice");
            }
            fields.add(new FieldDef(cols[0], since, until, nested, list));
        }
        return new ModelDef(model, fields);
    }

    private void checkReferences() {
        for (ModelDef m : models.values()) {
            for (FieldDef f : m.fields()) {
                if (f.isObject() && !models.containsKey(f.nested())) {
                    throw new IllegalStateException(m.name() + "." + f.name() + " refers to unknown model " + f.nested());
                }
            }
        }
    }

    /** The oldest REST version the field lists cover ({@code major*10000+minor}). */
    public int oldest() {
        return oldest;
    }

    /** The newest REST version the field lists cover; the simulator serves nothing newer. */
    public int newest() {
        return newest;
    }

    public boolean covers(int version) {
        return version >= oldest && version <= newest;
    }

    public ModelDef model(String name) {
        ModelDef m = models.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no response model " + name);
        }
        return m;
    }

    public List<String> names() {
        return List.copyOf(models.keySet());
    }

    /** A shaper for answers at one REST version. */
    public Shaper at(int version) {
        return new Shaper(this, version);
    }
}
