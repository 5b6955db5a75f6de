package dev.mooring.devstack.configdoc;

import java.util.List;

/**
 * The keys of one {@code @ConfigMapping} interface, or the keys one module reads one by one with
 * {@code @ConfigProperty}.
 *
 * @param title the mapping's prefix, or a heading for the module's other keys
 * @param source where the keys are declared, relative to the repository's root
 * @param description the interface's Javadoc (empty for loose keys)
 * @param settings the keys in the order of their declaration
 */
record SettingGroup(String title, String source, String description, List<Setting> settings) {
}
