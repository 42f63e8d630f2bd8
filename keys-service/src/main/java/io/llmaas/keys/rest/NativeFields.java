package io.llmaas.keys.rest;

import io.llmaas.keys.service.BudgetSpec;
import io.llmaas.keys.service.DeploymentFields;
import io.llmaas.keys.service.KeyFields;
import io.llmaas.keys.service.ModelFields;
import io.llmaas.keys.service.TeamFields;
import io.llmaas.keys.service.UserFields;

/** The native API's field names (camelCase) for each writable object; README "Native API" lists them. */
final class NativeFields {

    private NativeFields() {
    }

    static BudgetSpec budget(JsonBody b) {
        return new BudgetSpec(b.decimal("maxBudget"), b.decimal("softBudget"), b.text("budgetDuration"),
                b.integers("budgetThresholds"), b.text("budgetId"));
    }

    static UserFields user(JsonBody b) {
        return new UserFields(b.text("externalId"), b.text("email"), b.text("displayName"), b.text("role"),
                b.strings("models"), b.count("rpmLimit"), b.count("tpmLimit"), b.integer("maxParallel"),
                b.object("metadata"), budget(b));
    }

    static TeamFields team(JsonBody b) {
        return new TeamFields(b.text("alias"), b.strings("models"), b.count("rpmLimit"), b.count("tpmLimit"),
                b.integer("maxParallel"), b.bool("blocked"), b.object("metadata"), budget(b));
    }

    static KeyFields key(JsonBody b) {
        return new KeyFields(b.text("alias"), b.text("userId"), b.text("teamId"), b.strings("models"),
                b.count("rpmLimit"), b.count("tpmLimit"), b.integer("maxParallel"), b.counts("modelRpmLimit"),
                b.counts("modelTpmLimit"), b.instant("expiresAt"), b.bool("blocked"), b.object("metadata"),
                budget(b));
    }

    static ModelFields model(JsonBody b) {
        return new ModelFields(b.text("alias"), b.text("description"), b.strings("capabilities"),
                b.integer("contextWindow"), b.decimal("inputPricePer1M"), b.decimal("outputPricePer1M"),
                b.bool("restricted"), b.bool("enabled"), b.strings("fallbacks"), b.text("strategy"));
    }

    static DeploymentFields deployment(JsonBody b) {
        return new DeploymentFields(b.text("id"), b.text("backend"), b.text("baseUrl"), b.text("upstreamModel"),
                b.integer("weight"), b.count("rpmLimit"), b.count("tpmLimit"), b.integer("connectTimeoutMs"),
                b.integer("firstByteTimeoutMs"), b.integer("idleTimeoutMs"), b.text("apiKey"));
    }

    static int size(Integer size) {
        return size == null ? 50 : Math.max(1, Math.min(size, 500));
    }

    static int page(Integer page) {
        return page == null ? 0 : Math.max(0, page);
    }
}
