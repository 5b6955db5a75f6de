package dev.mooring.devstack.configdoc;

/**
 * One configuration key as the reference lists it.
 *
 * @param key the full property name ({@code <name>} marks a part the operator chooses, e.g. a map key)
 * @param type what the value is, in words ({@code duration}, {@code list of string}, …)
 * @param defaultValue the default as written in the source, {@code none} for an optional key, {@code required} when
 *     the key must be set
 * @param description the key's Javadoc, as Markdown
 */
record Setting(String key, String type, String defaultValue, String description) {

    /** The same key, read by one more class, merged: the first description and every distinct default are kept. */
    Setting mergedWith(Setting other) {
        String description = this.description.isEmpty() ? other.description : this.description;
        String defaults = this.defaultValue.equals(other.defaultValue) ? this.defaultValue
                : this.defaultValue + " / " + other.defaultValue;
        return new Setting(key, type, defaults, description);
    }
}
