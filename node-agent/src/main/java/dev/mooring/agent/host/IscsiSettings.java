package dev.mooring.agent.host;

/**
 * Session settings the agent applies to each FlashArray target before it logs in ({@code iscsiadm -m node -o update}):
 * how long a dropped session may take to come back before its I/O fails over to the other paths, how long one
 * login may take, and how many commands one session may have queued.
 */
public record IscsiSettings(int replacementTimeoutSeconds, int loginTimeoutSeconds, int queueDepth) {
}
