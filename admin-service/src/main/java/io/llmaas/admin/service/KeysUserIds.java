package io.llmaas.admin.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.auth.LoginIdentity;
import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;
import io.llmaas.contracts.error.ApiException;

/**
 * The keys-service user id of each portal login name. The portal acts for a user by id, never by login name: keys-service
 * looks an acting user up by id first, so a login name that happened to equal another user's id would otherwise act as
 * that user. Ids are learnt from the login upsert; after a restart, or a login while keys-service was down, the first
 * request of a user upserts again.
 */
@ApplicationScoped
public class KeysUserIds {

    private final KeysClient keys;
    private final Map<String, String> ids = new ConcurrentHashMap<>();

    public KeysUserIds(KeysClient keys) {
        this.keys = keys;
    }

    public void remember(String username, KeysApi.User user) {
        ids.put(username, user.id());
    }

    public String idOf(LoginIdentity login) {
        String known = ids.get(login.username());
        if (known != null) {
            return known;
        }
        KeysApi.User user = keys.upsertUser(login).orElseThrow(() -> ApiException.unavailable("keys-service is not "
                + "answering right now, so the portal cannot act for you. Try again in a moment; your keys keep "
                + "working at the gateway."));
        remember(login.username(), user);
        return user.id();
    }
}
