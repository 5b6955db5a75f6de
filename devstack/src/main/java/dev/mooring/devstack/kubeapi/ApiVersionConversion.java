package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A view that differs from its stored form only in {@code apiVersion}. */
final class ApiVersionConversion implements ApiResource.Conversion {

    private final String served;
    private final String stored;

    ApiVersionConversion(String served, String stored) {
        this.served = served;
        this.stored = stored;
    }

    @Override
    public ObjectNode toStored(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.put("apiVersion", stored);
        return copy;
    }

    @Override
    public ObjectNode fromStored(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.put("apiVersion", served);
        return copy;
    }
}
