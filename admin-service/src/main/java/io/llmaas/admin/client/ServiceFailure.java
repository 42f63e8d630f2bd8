package io.llmaas.admin.client;

/**
 * Another platform service answered with a failure that is not the request's fault (5xx, 429, or its refusal of our
 * service token): counted by circuit breakers, shown to the user as the service being unavailable.
 */
public class ServiceFailure extends RuntimeException {

    public ServiceFailure(String message) {
        super(message, null, false, false);
    }
}
