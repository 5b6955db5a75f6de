package dev.mooring.agent.host;

import dev.mooring.agent.domain.IscsiTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sessions in {@code iscsiadm -m session -P 3}: target, portal, SID, state, and the disks attached through it. */
public final class IscsiSessions {

    private static final Pattern TARGET = Pattern.compile("^Target:\\s+(\\S+)");
    private static final Pattern PORTAL = Pattern.compile("^Current Portal:\\s+(\\S+?)(,\\d+)?$");
    private static final Pattern SID = Pattern.compile("^SID:\\s+(\\d+)");
    private static final Pattern STATE = Pattern.compile("^iSCSI Session State:\\s+(\\S+)");
    private static final Pattern HOST = Pattern.compile("^Host Number:\\s+(\\d+)");
    private static final Pattern LUN = Pattern.compile("^scsi(\\d+) Channel (\\d+) Id (\\d+) Lun: (\\d+)");
    private static final Pattern DISK = Pattern.compile("^Attached scsi disk (\\S+)\\s+State:\\s+(\\S+)");

    private IscsiSessions() {
    }

    /** One session. */
    public record Session(IscsiTarget target, int sid, String state, int hostNumber, List<Disk> disks) {
        public boolean loggedIn() {
            return "LOGGED_IN".equals(state);
        }
    }

    /** A SCSI disk reached through a session: its LUN and device name. */
    public record Disk(int lun, String hctl, String device, String state) {
    }

    public static List<Session> parse(String p3) {
        List<Session> sessions = new ArrayList<>();
        String target = null;
        String portal = null;
        int sid = -1;
        String state = null;
        int host = -1;
        List<Disk> disks = new ArrayList<>();
        Integer lun = null;
        String hctl = null;
        for (String raw : p3.split("\n")) {
            String line = raw.strip();
            Matcher m;
            if ((m = TARGET.matcher(line)).find()) {
                add(sessions, target, portal, sid, state, host, disks);
                target = m.group(1);
                portal = null;
                sid = -1;
                state = null;
                host = -1;
                disks = new ArrayList<>();
            } else if ((m = PORTAL.matcher(line)).find()) {
                if (portal != null) {
                    // A second portal under the same target is a second session.
                    add(sessions, target, portal, sid, state, host, disks);
                    sid = -1;
                    state = null;
                    host = -1;
                    disks = new ArrayList<>();
                }
                portal = m.group(1);
            } else if ((m = SID.matcher(line)).find()) {
                sid = Integer.parseInt(m.group(1));
            } else if ((m = STATE.matcher(line)).find()) {
                state = m.group(1);
            } else if ((m = HOST.matcher(line)).find()) {
                host = Integer.parseInt(m.group(1));
            } else if ((m = LUN.matcher(line)).find()) {
                lun = Integer.parseInt(m.group(4));
                hctl = m.group(1) + ":" + Integer.parseInt(m.group(2)) + ":" + m.group(3) + ":" + m.group(4);
            } else if ((m = DISK.matcher(line)).find() && lun != null) {
                disks.add(new Disk(lun, hctl, m.group(1), m.group(2)));
            }
        }
        add(sessions, target, portal, sid, state, host, disks);
        return sessions;
    }

    private static void add(List<Session> sessions, String target, String portal, int sid, String state, int host,
                            List<Disk> disks) {
        if (target != null && portal != null) {
            sessions.add(new Session(new IscsiTarget(target, portal), sid, state, host, List.copyOf(disks)));
        }
    }
}
