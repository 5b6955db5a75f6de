package dev.mooring.ctl.output;

/** {@code -o}: a table for people (the default), or the API's own JSON or YAML for scripts. */
public enum Format {
    table, json, yaml
}
