package dev.mooring.agent.domain;

/** How the node reaches an array: iSCSI or Fibre Channel (attach-svc's names, lower case). */
public enum Protocol {
    iscsi,
    fc
}
