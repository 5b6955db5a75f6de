package dev.mooring.provisioner.service;

/** A volume of that name exists with a different size or parameters. */
public class VolumeConflictException extends RuntimeException {
    public VolumeConflictException(String message) {
        super(message);
    }
}
