package io.llmaas.gateway.auth;

/**
 * Who a request runs for, as the Authenticate step established it.
 *
 * @param keyId the id usage and limits are keyed by
 */
public record Principal(String keyId) {

    /** The holder of the master key: the platform admin. */
    public static final Principal MASTER_KEY = new Principal("master-key");
}
