package io.llmaas.contracts.internal;

/** Paths and header names of the internal APIs, so client and server cannot drift apart. */
public final class InternalApi {

    /** Service token header value is {@code Bearer <token>}; the token comes from the {@code llmaas-internal} Secret. */
    public static final String AUTHORIZATION = "Authorization";

    // keys-service
    public static final String KEYS_VERIFY = "/internal/keys/verify";
    public static final String KEYS_ROUTING = "/internal/routing";
    public static final String KEYS_CHANGES = "/internal/changes";
    public static final String KEYS_LEASES = "/internal/leases";
    public static final String KEYS_LEASES_REPORT = "/internal/leases/report";
    public static final String KEYS_SPEND = "/internal/spend";
    public static final String KEYS_LEDGER = "/internal/ledger";

    // usage-service
    public static final String USAGE_EVENTS = "/internal/usage/events";

    // admin-service
    public static final String ADMIN_AUDIT = "/internal/audit";

    /** Header carrying the portal user on whose behalf admin-service calls keys-/usage-service (for audit). */
    public static final String ACTING_USER = "X-Acting-User";

    /** Nano-dollars per dollar: lease amounts are whole nano-dollars. */
    public static final long NANOS_PER_USD = 1_000_000_000L;

    private InternalApi() {
    }
}
