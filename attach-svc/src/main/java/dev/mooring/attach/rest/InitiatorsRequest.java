package dev.mooring.attach.rest;

import java.util.List;

/** {@code POST /api/v1/nodes/{name}/initiators} from a node agent: the node's IQNs and FC WWNs (colons allowed). */
public record InitiatorsRequest(List<String> iqns, List<String> wwns) {
}
