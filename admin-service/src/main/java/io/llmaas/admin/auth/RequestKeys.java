package io.llmaas.admin.auth;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** What the login machinery leaves on a request's routing context and security identity, and where it came from. */
public final class RequestKeys {

    /** Routing-context key: id of the portal session of this request. */
    static final String SESSION_ID = "llmaas.session-id";
    /** Routing-context key: a resumed session whose user is not yet recorded. */
    static final String UNBOUND_SESSION = "llmaas.unbound-session";
    /** Routing-context key: the {@link LoginIdentity} read while authenticating this request. */
    static final String LOGIN = "llmaas.login";

    /** Security-identity attribute: the {@link LoginIdentity}. */
    public static final String LOGIN_ATTRIBUTE = "llmaas.login";
    /** Security-identity attribute: the portal session id (a Long), absent on the login request itself. */
    public static final String SESSION_ATTRIBUTE = "llmaas.session-id";

    private RequestKeys() {
    }

    /** The caller's address (the proxy's forwarded address when proxy forwarding is enabled). */
    public static String clientIp(RoutingContext context) {
        SocketAddress address = context.request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }
}
