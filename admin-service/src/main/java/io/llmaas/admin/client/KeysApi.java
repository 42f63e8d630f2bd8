package io.llmaas.admin.client;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * keys-service's native API as the portal reads and writes it ({@code /api/*}, camelCase). Only the fields the portal
 * uses are declared; keys-service may send more. Bodies marked {@code NON_NULL} leave absent values unchanged; the
 * others are whole forms, where a null clears the value.
 */
public final class KeysApi {

    private KeysApi() {
    }

    /** A holder's budget: limit, period and the spend in it (USD). */
    @RegisterForReflection
    public record Budget(String budgetId, boolean sharedBudget, BigDecimal maxBudget, BigDecimal softBudget,
            String duration, BigDecimal spend, Instant periodStart, Instant resetAt) {

        /** Spent share of the budget, 0 to 100. */
        public int percent() {
            if (maxBudget == null || maxBudget.signum() <= 0 || spend == null) {
                return maxBudget != null && spend != null && spend.signum() > 0 ? 100 : 0;
            }
            BigDecimal share = spend.multiply(BigDecimal.valueOf(100)).divide(maxBudget, 0, RoundingMode.HALF_UP);
            return Math.min(100, share.intValue());
        }

        /** {@link #percent()} in steps of 5, for the width classes of the progress bar (the CSP allows no styles). */
        public int percentStep() {
            return percent() / 5 * 5;
        }

        public boolean exhausted() {
            return maxBudget != null && spend != null && spend.compareTo(maxBudget) >= 0;
        }
    }

    @RegisterForReflection
    public record User(String id, String externalId, String email, String displayName, String role,
            List<String> models, Long rpmLimit, Long tpmLimit, Integer maxParallel, Budget budget,
            List<Membership> teams, Instant createdAt) {

        /** The name people know this user by: the login name, else the id. */
        public String name() {
            return externalId != null ? externalId : id;
        }
    }

    @RegisterForReflection
    public record Membership(String teamId, String role) {
    }

    @RegisterForReflection
    public record Team(String id, String alias, List<String> models, Long rpmLimit, Long tpmLimit,
            Integer maxParallel, boolean blocked, Budget budget, List<Member> members, Instant createdAt) {

        public String name() {
            return alias != null && !alias.isBlank() ? alias : id;
        }

        /** The team role of a user: {@code admin}, {@code member}, {@code viewer}, or null if not a member. */
        public String roleOf(String userId) {
            return members == null ? null : members.stream().filter(m -> m.userId().equals(userId))
                    .map(Member::role).findFirst().orElse(null);
        }
    }

    @RegisterForReflection
    public record Member(String userId, String externalId, String displayName, String role, Instant since) {

        public String name() {
            return externalId != null ? externalId : userId;
        }
    }

    /** A virtual key, never with its secret; {@code keyPrefix} is the start of the current one, for recognition. */
    @RegisterForReflection
    public record Key(String id, String alias, String keyPrefix, String userId, String teamId, List<String> models,
            Long rpmLimit, Long tpmLimit, Integer maxParallel, Instant expiresAt, boolean blocked, Budget budget,
            Instant graceUntil, Instant createdAt, Instant lastUsedAt) {

        /** What to call the key: its alias, else its id. */
        public String label() {
            return alias != null && !alias.isBlank() ? alias : id;
        }
    }

    /** The answer to creating or rotating a key: the only time keys-service gives out the secret. */
    @RegisterForReflection
    public record CreatedKey(String key, Key info) {
    }

    @RegisterForReflection
    public record Model(String id, String alias, String description, List<String> capabilities,
            Integer contextWindow, BigDecimal inputPricePer1M, BigDecimal outputPricePer1M, boolean restricted,
            boolean enabled, List<String> fallbacks, String strategy, List<Deployment> deployments,
            Instant createdAt, Instant updatedAt) {
    }

    /** A deployment; its upstream API key is write-only and shows only as {@code apiKeySet}. */
    @RegisterForReflection
    public record Deployment(String id, String backend, String baseUrl, String upstreamModel, int weight,
            Long rpmLimit, Long tpmLimit, boolean apiKeySet) {
    }

    @RegisterForReflection
    public record Subscription(String id, String userId, String teamId, String model, String status, String reason,
            Budget budget, Instant createdAt, Instant updatedAt) {
    }

    @RegisterForReflection
    public record SubscriptionEvent(String fromStatus, String toStatus, String actor, String reason, Instant at) {
    }

    /** keys-service's one request to a deployment's model server. */
    @RegisterForReflection
    public record ConnectionTest(boolean reachable, Integer status, long latencyMs, String message) {
    }

    // Bodies

    /** A new key; {@code maxBudget} and {@code budgetDuration} give it a budget of its own. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewKey(String alias, String teamId, List<String> models, Long rpmLimit, Long tpmLimit,
            Instant expiresAt, BigDecimal maxBudget, String budgetDuration) {
    }

    @RegisterForReflection
    public record Rotation(long gracePeriodSeconds) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewSubscription(String userId, String teamId, String model, String reason) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reason(String reason) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BulkDecision(List<String> ids, String reason) {
    }

    /** A model's catalog entry as the admin form edits it (every field: null clears). */
    @RegisterForReflection
    public record ModelForm(String alias, String description, List<String> capabilities, Integer contextWindow,
            BigDecimal inputPricePer1M, BigDecimal outputPricePer1M, boolean restricted, boolean enabled) {
    }

    /** Switches of a model: absent ones stay. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelSwitches(Boolean enabled, Boolean restricted) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewDeployment(String backend, String baseUrl, String upstreamModel, Integer weight, Long rpmLimit,
            Long tpmLimit, String apiKey) {
    }

    /** Limits and budget of a user or team as the admin forms edit them (every field: null clears). */
    @RegisterForReflection
    public record Limits(Long rpmLimit, Long tpmLimit, Integer maxParallel, BigDecimal maxBudget,
            String budgetDuration) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewTeam(String alias) {
    }

    @RegisterForReflection
    public record NewMember(String externalId, String role) {
    }

    /** Sets the spend of the current budget period (0 resets it); keys-service records it as an adjustment. */
    @RegisterForReflection
    public record SpendReset(BigDecimal spend, String reason) {
    }
}
