package io.llmaas.admin.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.auth.LoginIdentity;
import io.llmaas.admin.client.KeysClient;

/**
 * What happens when someone logs in: the session is opened (and audited), and the user is created or updated in
 * keys-service. keys-service being down degrades the login (logged by {@link KeysClient}), it does not refuse it.
 */
@ApplicationScoped
public class LoginService {

    private final SessionService sessions;
    private final KeysClient keys;
    private final KeysUserIds ids;

    public LoginService(SessionService sessions, KeysClient keys, KeysUserIds ids) {
        this.sessions = sessions;
        this.keys = keys;
        this.ids = ids;
    }

    /** A login whose user is known at once: opens its session and syncs the user. */
    public SessionService.Opened open(SessionService.SessionTokens tokens, LoginIdentity login, String sourceIp,
            String userAgent) {
        SessionService.Opened opened = sessions.open(tokens, login, sourceIp, userAgent);
        if (login != null) {
            sync(login);
        }
        return opened;
    }

    /** A session whose user became known after it was opened. */
    public void bind(long sessionId, LoginIdentity login) {
        sessions.bind(sessionId, login);
        sync(login);
    }

    private void sync(LoginIdentity login) {
        keys.upsertUser(login).ifPresent(user -> ids.remember(login.username(), user));
    }
}
