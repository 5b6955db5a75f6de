package dev.mooring.agent.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The maps in {@code multipath -ll}: WWID (with or without a friendly name), size, and each path's state. */
public final class MultipathMaps {

    /** {@code 3624a…  dm-2 PURE,FlashArray} or {@code mpatha (3624a…) dm-2 PURE,FlashArray}. */
    private static final Pattern HEADER = Pattern.compile("^(?:(\\S+)\\s+\\((\\w+)\\)|(\\w+))\\s+(dm-\\d+)\\s+(.*)$");
    private static final Pattern SIZE = Pattern.compile("^size=(\\S+)");
    /** {@code |- 2:0:0:1 sdb 8:16 active ready running}. */
    private static final Pattern PATH = Pattern.compile(
            "(\\d+:\\d+:\\d+:\\d+)\\s+(\\S+)\\s+(\\d+:\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)");

    private MultipathMaps() {
    }

    /** One parsed map: {@code devicePath} is {@code <mapperDir>/<wwid>} (or the friendly name). */
    public static List<DeviceMap> parse(String output, String mapperDir) {
        List<DeviceMap> maps = new ArrayList<>();
        String wwid = null;
        String name = null;
        long size = 0;
        List<DeviceMap.Path> paths = new ArrayList<>();
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            Matcher m;
            if (!raw.startsWith(" ") && !raw.startsWith("|") && !raw.startsWith("`")
                    && (m = HEADER.matcher(line)).find()) {
                add(maps, wwid, name, size, paths, mapperDir);
                wwid = (m.group(2) != null ? m.group(2) : m.group(3)).toLowerCase(Locale.ROOT);
                name = m.group(1) != null ? m.group(1) : m.group(3);
                size = 0;
                paths = new ArrayList<>();
            } else if ((m = SIZE.matcher(line)).find()) {
                size = parseSize(m.group(1));
            } else if ((m = PATH.matcher(line)).find() && wwid != null) {
                String dmState = m.group(4);
                String checker = m.group(5);
                String state = "active".equals(dmState) && "ready".equals(checker) ? "active"
                        : "ghost".equals(checker) ? "standby" : "failed";
                paths.add(new DeviceMap.Path(m.group(2), m.group(1), state));
            }
        }
        add(maps, wwid, name, size, paths, mapperDir);
        return maps;
    }

    private static void add(List<DeviceMap> maps, String wwid, String name, long size, List<DeviceMap.Path> paths,
                            String mapperDir) {
        if (wwid != null) {
            boolean failed = !paths.isEmpty() && paths.stream().noneMatch(DeviceMap.Path::active);
            maps.add(new DeviceMap(wwid, mapperDir + "/" + name, size, paths, failed));
        }
    }

    /** multipath prints sizes as {@code 10G}, {@code 512M}, {@code 1.5T} (binary units). */
    static long parseSize(String text) {
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        double n = Double.parseDouble(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1));
        long factor = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            case 'P' -> 1L << 50;
            default -> 512L;
        };
        return Math.round(n * factor);
    }
}
