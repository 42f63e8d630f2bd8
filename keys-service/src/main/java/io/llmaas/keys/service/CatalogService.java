package io.llmaas.keys.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.keys.client.BackendProbe;
import io.llmaas.keys.entity.DeploymentEntity;
import io.llmaas.keys.entity.ModelEntity;
import io.llmaas.keys.repository.DeploymentRepository;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;
import io.llmaas.keys.rest.dto.DeploymentView;
import io.llmaas.keys.rest.dto.ModelView;
import io.llmaas.keys.security.Caller;
import io.llmaas.keys.security.SecretCipher;

/**
 * The model catalog and its deployments: what gateways route. Any change writes a ROUTING entry to the changes feed;
 * a change of what keys may see (a model created, deleted, enabled, disabled or restricted) also writes a KEY entry
 * for every key.
 */
@ApplicationScoped
public class CatalogService {

    public static final Set<String> BACKENDS = Set.of("openai", "ollama", "mock");
    public static final Set<String> CAPABILITIES = Set.of("chat", "completions", "embeddings");
    public static final Set<String> STRATEGIES = Set.of("least-busy", "round-robin", "weighted", "lowest-latency");

    private final ModelRepository models;
    private final DeploymentRepository deployments;
    private final VirtualKeyRepository keys;
    private final SubscriptionService subscriptions;
    private final SecretCipher cipher;
    private final BackendProbe probe;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    public CatalogService(ModelRepository models, DeploymentRepository deployments, VirtualKeyRepository keys,
            SubscriptionService subscriptions, SecretCipher cipher, BackendProbe probe, ChangeLog changes,
            AuditTrail audit, Clock clock) {
        this.models = models;
        this.deployments = deployments;
        this.keys = keys;
        this.subscriptions = subscriptions;
        this.cipher = cipher;
        this.probe = probe;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public ModelView createModel(Caller caller, ModelFields fields, List<DeploymentFields> initialDeployments) {
        caller.requireAdmin();
        Problems problems = new Problems();
        String alias = fields.alias().value();
        problems.check(alias != null && Ids.acceptable(alias), "alias",
                "is required: letters, digits and . _ : @ + - (1-128)");
        if (problems.isEmpty() && models.findByAlias(alias).isPresent()) {
            throw ApiException.conflict("Model '" + alias + "' already exists");
        }
        Instant now = clock.instant();
        ModelEntity model = new ModelEntity();
        model.id = Ids.generate("mdl");
        model.alias = alias;
        model.capabilities = new ArrayList<>(List.of("chat"));
        model.createdAt = now;
        applyModel(problems, model, fields);
        List<DeploymentEntity> created = new ArrayList<>();
        for (int i = 0; i < initialDeployments.size(); i++) {
            created.add(newDeployment(problems, "deployments[" + i + "].", model.id, initialDeployments.get(i), now));
        }
        problems.throwIfAny();
        model.updatedAt = now;
        models.persist(model);
        created.forEach(deployments::persist);
        changes.routingChanged();
        changes.keysChanged(keys.allIds());
        ModelView after = view(model, true);
        audit.record(caller, "model.create", "model", model.alias, null, after);
        return after;
    }

    @Transactional
    public ModelView updateModel(Caller caller, String alias, ModelFields fields) {
        caller.requireAdmin();
        ModelEntity model = require(alias);
        ModelView before = view(model, true);
        boolean wasRestricted = model.restricted;
        boolean wasEnabled = model.enabled;
        Problems problems = new Problems();
        fields.alias().ifPresent(v -> problems.check(Objects.equals(v, model.alias), "alias",
                "cannot change: create a new model instead"));
        applyModel(problems, model, fields);
        problems.throwIfAny();
        model.updatedAt = clock.instant();
        if (model.restricted && !wasRestricted) {
            subscriptions.restrict(caller, model);
        }
        changes.routingChanged();
        if (model.restricted != wasRestricted || model.enabled != wasEnabled) {
            changes.keysChanged(keys.allIds());
        }
        ModelView after = view(model, true);
        audit.record(caller, "model.update", "model", model.alias, before, after);
        return after;
    }

    @Transactional
    public void deleteModel(Caller caller, String alias) {
        caller.requireAdmin();
        ModelEntity model = require(alias);
        ModelView before = view(model, true);
        changes.keysChanged(keys.allIds());
        deployments.delete("modelId", model.id);
        subscriptions.deleteOfModel(model.id);
        models.delete(model);
        changes.routingChanged();
        audit.record(caller, "model.delete", "model", alias, before, null);
    }

    @Transactional
    public ModelView get(Caller caller, String alias) {
        ModelEntity model = require(alias);
        if (!model.enabled && !caller.canReadAll()) {
            throw ApiException.notFound("Model", alias);
        }
        return view(model, caller.canReadAll());
    }

    @Transactional
    public List<ModelView> list(Caller caller) {
        boolean admin = caller.canReadAll();
        return models.listOrdered().stream().filter(m -> admin || m.enabled).map(m -> view(m, admin)).toList();
    }

    @Transactional
    public DeploymentView addDeployment(Caller caller, String alias, DeploymentFields fields) {
        caller.requireAdmin();
        ModelEntity model = require(alias);
        ModelView before = view(model, true);
        Problems problems = new Problems();
        DeploymentEntity deployment = newDeployment(problems, "", model.id, fields, clock.instant());
        problems.throwIfAny();
        deployments.persist(deployment);
        model.updatedAt = clock.instant();
        changes.routingChanged();
        audit.record(caller, "deployment.create", "model", alias, before, view(model, true));
        return DeploymentView.from(deployment);
    }

    @Transactional
    public DeploymentView updateDeployment(Caller caller, String deploymentId, DeploymentFields fields) {
        caller.requireAdmin();
        DeploymentEntity deployment = requireDeployment(deploymentId);
        DeploymentView before = DeploymentView.from(deployment);
        Problems problems = new Problems();
        fields.id().ifPresent(v -> problems.check(Objects.equals(v, deploymentId), "id", "cannot change"));
        applyDeployment(problems, "", deployment, fields);
        problems.throwIfAny();
        deployment.updatedAt = clock.instant();
        changes.routingChanged();
        DeploymentView after = DeploymentView.from(deployment);
        audit.record(caller, "deployment.update", "deployment", deploymentId, before, after);
        return after;
    }

    @Transactional
    public void deleteDeployment(Caller caller, String deploymentId) {
        caller.requireAdmin();
        DeploymentEntity deployment = requireDeployment(deploymentId);
        DeploymentView before = DeploymentView.from(deployment);
        deployments.delete(deployment);
        changes.routingChanged();
        audit.record(caller, "deployment.delete", "deployment", deploymentId, before, null);
    }

    /** Calls the deployment's backend once. Not transactional: a slow backend must not hold a connection. */
    public BackendProbe.Result testConnection(Caller caller, String deploymentId) {
        caller.requireReadAll();
        DeploymentEntity deployment = requireDeployment(deploymentId);
        return probe.probe(deployment.backend, deployment.baseUrl, cipher.decrypt(deployment.apiKeyEncrypted));
    }

    /** The routing table for gateways, with upstream API keys decrypted for this answer only. */
    @Transactional
    public RoutingTable routingTable() {
        long version = changes.head();
        List<RoutingTable.ModelRoute> routes = new ArrayList<>();
        for (ModelEntity model : models.listOrdered()) {
            if (!model.enabled) {
                continue;
            }
            List<RoutingTable.DeploymentRoute> routed = deployments.ofModel(model.id).stream()
                    .map(d -> new RoutingTable.DeploymentRoute(d.id, d.backend, d.baseUrl, d.upstreamModel, d.weight,
                            cipher.decrypt(d.apiKeyEncrypted), d.rpmLimit, d.tpmLimit, d.connectTimeoutMs,
                            d.firstByteTimeoutMs, d.idleTimeoutMs))
                    .toList();
            routes.add(new RoutingTable.ModelRoute(model.alias, model.description, List.copyOf(model.capabilities),
                    model.contextWindow, Money.plain(model.inputPrice), Money.plain(model.outputPrice),
                    model.restricted, model.enabled,
                    model.strategy, List.copyOf(model.fallbacks), routed));
        }
        return new RoutingTable(version, routes);
    }

    public boolean catalogEmpty() {
        return models.count() == 0;
    }

    public ModelEntity require(String alias) {
        return models.findByAlias(alias).orElseThrow(() -> new ApiException(ErrorType.NOT_FOUND,
                "Model '" + alias + "' not found", "model", "model_not_found"));
    }

    public DeploymentEntity requireDeployment(String id) {
        return deployments.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("Deployment", id));
    }

    public List<DeploymentEntity> deploymentsOf(ModelEntity model) {
        return deployments.ofModel(model.id);
    }

    ModelView view(ModelEntity model, boolean withDeployments) {
        return ModelView.from(model, withDeployments ? deployments.ofModel(model.id) : null);
    }

    private void applyModel(Problems problems, ModelEntity model, ModelFields fields) {
        fields.description().ifPresent(v -> model.description = v);
        fields.capabilities().ifPresent(v -> {
            if (v == null || v.isEmpty() || !CAPABILITIES.containsAll(v)) {
                problems.add("capabilities", "must be a non-empty subset of chat, completions, embeddings");
            } else {
                model.capabilities = new ArrayList<>(new LinkedHashSet<>(v));
            }
        });
        fields.contextWindow().ifPresent(v -> {
            problems.check(v == null || v > 0, "contextWindow", "must be > 0");
            model.contextWindow = v;
        });
        fields.inputPricePer1M().ifPresent(v -> model.inputPrice = price(problems, "inputPricePer1M", v));
        fields.outputPricePer1M().ifPresent(v -> model.outputPrice = price(problems, "outputPricePer1M", v));
        fields.restricted().ifPresent(v -> model.restricted = Boolean.TRUE.equals(v));
        fields.enabled().ifPresent(v -> model.enabled = v == null || v);
        fields.fallbacks().ifPresent(v -> {
            List<String> list = v == null ? List.of() : v;
            for (String fallback : list) {
                problems.check(fallback != null && !fallback.equals(model.alias)
                        && models.findByAlias(fallback).isPresent(), "fallbacks",
                        "unknown model '" + fallback + "'");
            }
            model.fallbacks = new ArrayList<>(list);
        });
        fields.strategy().ifPresent(v -> {
            problems.check(v == null || STRATEGIES.contains(v), "strategy",
                    "must be least-busy, round-robin, weighted or lowest-latency");
            model.strategy = v;
        });
    }

    private static BigDecimal price(Problems problems, String field, BigDecimal value) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        problems.check(value.signum() >= 0, field, "must be >= 0");
        return value;
    }

    private DeploymentEntity newDeployment(Problems problems, String prefix, String modelId, DeploymentFields fields,
            Instant now) {
        DeploymentEntity deployment = new DeploymentEntity();
        String id = fields.id().value();
        if (id != null) {
            if (!Ids.acceptable(id)) {
                problems.add(prefix + "id", "may hold letters, digits and . _ : @ + - (1-128)");
            } else if (deployments.findByIdOptional(id).isPresent()) {
                throw ApiException.conflict("Deployment '" + id + "' already exists");
            }
        }
        deployment.id = id != null ? id : Ids.generate("dep");
        deployment.modelId = modelId;
        deployment.createdAt = now;
        deployment.updatedAt = now;
        applyDeployment(problems, prefix, deployment, fields);
        problems.check(deployment.backend != null, prefix + "backend", "is required: openai, ollama or mock");
        problems.check(deployment.baseUrl != null, prefix + "baseUrl", "is required");
        problems.check(deployment.upstreamModel != null, prefix + "upstreamModel", "is required");
        return deployment;
    }

    private void applyDeployment(Problems problems, String prefix, DeploymentEntity d, DeploymentFields fields) {
        fields.backend().ifPresent(v -> {
            problems.check(v != null && BACKENDS.contains(v), prefix + "backend", "must be openai, ollama or mock");
            d.backend = v;
        });
        fields.baseUrl().ifPresent(v -> {
            problems.check(v != null && (v.startsWith("http://") || v.startsWith("https://")
                    || v.startsWith("mock://")), prefix + "baseUrl", "must be an http(s):// (or mock://) URL");
            d.baseUrl = v;
        });
        fields.upstreamModel().ifPresent(v -> {
            problems.check(v != null && !v.isBlank(), prefix + "upstreamModel", "is required");
            d.upstreamModel = v;
        });
        fields.weight().ifPresent(v -> {
            problems.check(v == null || v > 0, prefix + "weight", "must be > 0");
            d.weight = v == null ? 1 : v;
        });
        fields.rpmLimit().ifPresent(v -> {
            problems.check(v == null || v >= 0, prefix + "rpm", "must be >= 0");
            d.rpmLimit = v;
        });
        fields.tpmLimit().ifPresent(v -> {
            problems.check(v == null || v >= 0, prefix + "tpm", "must be >= 0");
            d.tpmLimit = v;
        });
        fields.connectTimeoutMs().ifPresent(v -> {
            problems.check(v == null || v > 0, prefix + "connectTimeoutMs", "must be > 0");
            d.connectTimeoutMs = v;
        });
        fields.firstByteTimeoutMs().ifPresent(v -> {
            problems.check(v == null || v > 0, prefix + "firstByteTimeoutMs", "must be > 0");
            d.firstByteTimeoutMs = v;
        });
        fields.idleTimeoutMs().ifPresent(v -> {
            problems.check(v == null || v > 0, prefix + "idleTimeoutMs", "must be > 0");
            d.idleTimeoutMs = v;
        });
        if (fields.apiKey().present() && problems.isEmpty()) {
            String clear = fields.apiKey().value();
            d.apiKeyEncrypted = clear == null || clear.isEmpty() ? null : cipher.encrypt(clear);
        }
    }
}
