package dev.mooring.topology.rest;

import dev.mooring.topology.domain.LevelValue;

/** One topology level of a node: its value and where it came from (both null when unset). */
public record LevelView(String value, String source) {

    static LevelView of(LevelValue level) {
        return new LevelView(level.value(), level.source());
    }
}
