package dev.mooring.devstack;

import java.nio.file.Path;
import java.util.List;

final class Bench {
    private Bench() {
    }

    static int run(Path root, List<String> args) {
        return 0;
    }
}
