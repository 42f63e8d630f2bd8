package io.llmaas.admin.service;

import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;

/**
 * The catalog as admins manage it in keys-service: models (with disabled ones), their deployments, and a deployment's
 * connection test. keys-service records every change in its audit log and its changes feed, which the gateways poll.
 */
@ApplicationScoped
public class ModelAdmin {

    private final KeysClient keys;

    public ModelAdmin(KeysClient keys) {
        this.keys = keys;
    }

    public List<KeysApi.Model> list(ActingUser me) {
        return keys.models(me.id()).stream().sorted(Comparator.comparing(KeysApi.Model::alias)).toList();
    }

    public KeysApi.Model get(ActingUser me, String alias) {
        return keys.model(me.id(), alias);
    }

    public KeysApi.Model create(ActingUser me, KeysApi.ModelForm model, KeysApi.NewDeployment firstDeployment) {
        KeysApi.Model created = keys.createModel(me.id(), model);
        if (firstDeployment != null) {
            keys.addDeployment(me.id(), created.alias(), firstDeployment);
        }
        return created;
    }

    public KeysApi.Model update(ActingUser me, String alias, KeysApi.ModelForm model) {
        return keys.updateModel(me.id(), alias, model);
    }

    /** Turns a model on or off, or makes it need approval (active subscriptions then wait for approval again). */
    public KeysApi.Model switches(ActingUser me, String alias, KeysApi.ModelSwitches switches) {
        return keys.switchModel(me.id(), alias, switches);
    }

    public void delete(ActingUser me, String alias) {
        keys.deleteModel(me.id(), alias);
    }

    public KeysApi.Deployment addDeployment(ActingUser me, String alias, KeysApi.NewDeployment deployment) {
        return keys.addDeployment(me.id(), alias, deployment);
    }

    public void deleteDeployment(ActingUser me, String id) {
        keys.deleteDeployment(me.id(), id);
    }

    public KeysApi.ConnectionTest test(ActingUser me, String deploymentId) {
        return keys.testDeployment(me.id(), deploymentId);
    }
}
