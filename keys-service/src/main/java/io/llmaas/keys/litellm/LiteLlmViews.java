package io.llmaas.keys.litellm;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.keys.rest.dto.DeploymentView;
import io.llmaas.keys.rest.dto.KeyView;
import io.llmaas.keys.rest.dto.ModelView;
import io.llmaas.keys.rest.dto.TeamView;
import io.llmaas.keys.rest.dto.UserView;
import io.llmaas.keys.service.BudgetStatus;

/** keys-service's objects in LiteLLM's response shapes and field names. */
@ApplicationScoped
public class LiteLlmViews {

    private static final BigDecimal PER_MILLION = BigDecimal.valueOf(1_000_000);

    private final ObjectMapper json;

    public LiteLlmViews(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    /** LiteLLM's key object ({@code /key/info}'s {@code info}): {@code token} is the hash, never the secret. */
    public ObjectNode key(KeyView k) {
        ObjectNode o = json.createObjectNode();
        o.put("token", k.tokenHash());
        o.put("key_id", k.id());
        o.put("key_name", k.keyPrefix());
        o.put("key_alias", k.alias());
        budget(o, k.budget());
        o.put("expires", instant(k.expiresAt()));
        o.set("models", json.valueToTree(k.models()));
        o.set("aliases", json.createObjectNode());
        o.set("config", json.createObjectNode());
        o.set("permissions", json.createObjectNode());
        o.put("user_id", k.userId());
        o.put("team_id", k.teamId());
        o.put("max_parallel_requests", k.maxParallel());
        o.put("tpm_limit", k.tpmLimit());
        o.put("rpm_limit", k.rpmLimit());
        o.set("model_rpm_limit", json.valueToTree(k.modelRpmLimit()));
        o.set("model_tpm_limit", json.valueToTree(k.modelTpmLimit()));
        o.set("metadata", json.valueToTree(k.metadata()));
        o.put("blocked", k.blocked());
        o.put("grace_period_until", instant(k.graceUntil()));
        o.put("created_by", k.createdBy());
        o.put("created_at", instant(k.createdAt()));
        o.put("updated_at", instant(k.updatedAt()));
        o.put("last_active", instant(k.lastUsedAt()));
        return o;
    }

    /** {@code /key/generate}'s answer: the key object plus the secret, shown this once. */
    public ObjectNode generated(String secret, KeyView k) {
        ObjectNode o = key(k);
        o.put("key", secret);
        o.put("token_id", k.tokenHash());
        return o;
    }

    public ObjectNode user(UserView u) {
        ObjectNode o = json.createObjectNode();
        o.put("user_id", u.id());
        o.put("user_email", u.email());
        o.put("user_alias", u.displayName());
        o.put("user_role", LiteLlmFields.litellmRole(u.role()));
        o.put("sso_user_id", u.externalId());
        ArrayNode teams = o.putArray("teams");
        u.teams().forEach(t -> teams.add(t.teamId()));
        o.set("models", json.valueToTree(u.models()));
        budget(o, u.budget());
        o.put("tpm_limit", u.tpmLimit());
        o.put("rpm_limit", u.rpmLimit());
        o.put("max_parallel_requests", u.maxParallel());
        o.set("metadata", json.valueToTree(u.metadata()));
        o.put("created_at", instant(u.createdAt()));
        o.put("updated_at", instant(u.updatedAt()));
        return o;
    }

    public ObjectNode team(TeamView t) {
        ObjectNode o = json.createObjectNode();
        o.put("team_id", t.id());
        o.put("team_alias", t.alias());
        ArrayNode members = o.putArray("members_with_roles");
        t.members().forEach(m -> members.addObject().put("user_id", m.userId())
                .put("role", LiteLlmFields.litellmMemberRole(m.role())));
        ArrayNode admins = o.putArray("admins");
        t.members().stream().filter(m -> m.role().equals("admin")).forEach(m -> admins.add(m.userId()));
        o.set("models", json.valueToTree(t.models()));
        budget(o, t.budget());
        o.put("tpm_limit", t.tpmLimit());
        o.put("rpm_limit", t.rpmLimit());
        o.put("max_parallel_requests", t.maxParallel());
        o.put("blocked", t.blocked());
        o.set("metadata", json.valueToTree(t.metadata()));
        o.put("created_at", instant(t.createdAt()));
        o.put("updated_at", instant(t.updatedAt()));
        return o;
    }

    /** A deployment as LiteLLM lists it (administrators). */
    public ObjectNode deployment(ModelView m, DeploymentView d) {
        ObjectNode o = catalogEntry(m);
        ObjectNode params = (ObjectNode) o.get("litellm_params");
        params.put("model", provider(d.backend()) + "/" + d.upstreamModel());
        params.put("api_base", d.baseUrl());
        params.put("custom_llm_provider", provider(d.backend()));
        params.put("rpm", d.rpmLimit());
        params.put("tpm", d.tpmLimit());
        params.put("weight", d.weight());
        ObjectNode info = (ObjectNode) o.get("model_info");
        info.put("id", d.id());
        info.put("api_key_set", d.apiKeySet());
        return o;
    }

    /** A model as users see it: one entry per alias, without backends ({@code model_info.id} is the alias). */
    public ObjectNode catalogEntry(ModelView m) {
        ObjectNode o = json.createObjectNode();
        o.put("model_name", m.alias());
        ObjectNode params = o.putObject("litellm_params");
        params.put("model", m.alias());
        params.put("input_cost_per_token", perToken(m.inputPricePer1M()));
        params.put("output_cost_per_token", perToken(m.outputPricePer1M()));
        ObjectNode info = o.putObject("model_info");
        info.put("id", m.alias());
        info.put("db_model", true);
        info.put("description", m.description());
        info.put("mode", m.capabilities().contains("chat") ? "chat"
                : m.capabilities().contains("embeddings") ? "embedding" : "completion");
        info.put("max_tokens", m.contextWindow());
        info.put("max_input_tokens", m.contextWindow());
        info.put("input_cost_per_token", perToken(m.inputPricePer1M()));
        info.put("output_cost_per_token", perToken(m.outputPricePer1M()));
        info.put("restricted", m.restricted());
        info.put("enabled", m.enabled());
        info.set("capabilities", json.valueToTree(m.capabilities()));
        return o;
    }

    static String provider(String backend) {
        return backend.equals("ollama") ? "ollama" : backend.equals("mock") ? "mock" : "openai";
    }

    static BigDecimal perToken(BigDecimal perMillion) {
        return perMillion == null ? null : perMillion.divide(PER_MILLION).stripTrailingZeros();
    }

    private void budget(ObjectNode o, BudgetStatus b) {
        o.put("spend", b.spend());
        o.put("max_budget", b.maxBudget());
        o.put("soft_budget", b.softBudget());
        o.put("budget_duration", b.duration());
        o.put("budget_reset_at", instant(b.resetAt()));
        o.put("budget_id", b.sharedBudget() ? b.budgetId() : null);
    }

    private static String instant(Instant at) {
        return at == null ? null : at.toString();
    }
}
