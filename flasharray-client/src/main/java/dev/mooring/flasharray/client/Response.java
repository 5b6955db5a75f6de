package dev.mooring.flasharray.client;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A raw HTTP answer from the array, with what is needed to build errors. */
record Response(int status, MultiMap headers, Buffer body, String requestId, String operation) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
