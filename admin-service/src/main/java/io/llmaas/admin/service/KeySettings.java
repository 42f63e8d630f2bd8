package io.llmaas.admin.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.llmaas.admin.config.AdminConfig;
import io.llmaas.admin.repository.KeySettingsRow;
import io.llmaas.contracts.error.ApiError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Defaults and maximums for keys that users create themselves. keys-service enforces limits; the portal offers these
 * defaults and refuses values above the maximums.
 *
 * @param budgetDuration LiteLLM-style period: {@code 1h}, {@code 1d}, {@code 30d}, {@code 1mo}
 * @param modelsPolicy   {@code SUBSCRIBED_ONLY} (a key may call the models its owner subscribed to) or
 *                       {@code ALL_UNRESTRICTED} (also every model that needs no approval)
 * @param updatedAt      null while the configured defaults are in force
 */
@RegisterForReflection
public record KeySettings(BigDecimal defaultMaxBudget, BigDecimal maxBudgetLimit, String budgetDuration,
        Integer defaultRpm, Integer maxRpm, Integer defaultTpm, Integer maxTpm, Integer defaultExpiryDays,
        Integer maxExpiryDays, String modelsPolicy, Instant updatedAt, String updatedBy) {

    public static final List<String> MODELS_POLICIES = List.of("SUBSCRIBED_ONLY", "ALL_UNRESTRICTED");

    private static final Pattern DURATION = Pattern.compile("[1-9][0-9]{0,3}(h|d|mo)");
    private static final BigDecimal BUDGET_CEILING = new BigDecimal("1000000");

    public static KeySettings from(KeySettingsRow row) {
        return new KeySettings(plain(row.defaultMaxBudget), plain(row.maxBudgetLimit),
                row.budgetDuration, row.defaultRpm, row.maxRpm, row.defaultTpm, row.maxTpm, row.defaultExpiryDays,
                row.maxExpiryDays, row.modelsPolicy, row.updatedAt, row.updatedBy);
    }

    public static KeySettings from(AdminConfig.KeyDefaults defaults) {
        return new KeySettings(defaults.defaultMaxBudget(), defaults.maxBudgetLimit(), defaults.budgetDuration(),
                defaults.defaultRpm(), defaults.maxRpm(), defaults.defaultTpm(), defaults.maxTpm(),
                defaults.defaultExpiryDays(), defaults.maxExpiryDays(), defaults.modelsPolicy(), null, null);
    }

    /** Problems with these values, field by field; empty when they can be saved. */
    public List<ApiError.FieldError> problems() {
        List<ApiError.FieldError> problems = new ArrayList<>();
        positive(problems, "maxBudgetLimit", maxBudgetLimit);
        positive(problems, "defaultMaxBudget", defaultMaxBudget);
        if (maxBudgetLimit != null && maxBudgetLimit.compareTo(BUDGET_CEILING) > 0) {
            problems.add(new ApiError.FieldError("maxBudgetLimit",
                    "must be at most " + BUDGET_CEILING.toPlainString()));
        }
        if (defaultMaxBudget != null && maxBudgetLimit != null && defaultMaxBudget.compareTo(maxBudgetLimit) > 0) {
            problems.add(new ApiError.FieldError("defaultMaxBudget", "must not exceed the maximum budget"));
        }
        if (budgetDuration == null || !DURATION.matcher(budgetDuration).matches()) {
            problems.add(new ApiError.FieldError("budgetDuration", "must look like 1h, 7d, 30d or 1mo"));
        }
        pair(problems, "Rpm", defaultRpm, maxRpm, 1_000_000);
        pair(problems, "Tpm", defaultTpm, maxTpm, 1_000_000_000);
        pair(problems, "ExpiryDays", defaultExpiryDays, maxExpiryDays, 3650);
        if (modelsPolicy == null || !MODELS_POLICIES.contains(modelsPolicy)) {
            problems.add(new ApiError.FieldError("modelsPolicy",
                    "must be one of " + String.join(", ", MODELS_POLICIES)));
        }
        return problems;
    }

    /** The same values, stamped with who saved them and when. */
    public KeySettings savedBy(String actor, Instant at) {
        return new KeySettings(defaultMaxBudget, maxBudgetLimit, budgetDuration, defaultRpm, maxRpm, defaultTpm,
                maxTpm, defaultExpiryDays, maxExpiryDays, modelsPolicy, at, actor);
    }

    public void copyTo(KeySettingsRow row) {
        row.defaultMaxBudget = defaultMaxBudget;
        row.maxBudgetLimit = maxBudgetLimit;
        row.budgetDuration = budgetDuration;
        row.defaultRpm = defaultRpm;
        row.maxRpm = maxRpm;
        row.defaultTpm = defaultTpm;
        row.maxTpm = maxTpm;
        row.defaultExpiryDays = defaultExpiryDays;
        row.maxExpiryDays = maxExpiryDays;
        row.modelsPolicy = modelsPolicy;
        row.updatedAt = updatedAt;
        row.updatedBy = updatedBy;
    }

    /** The amount without trailing zeros and never in exponent notation (10.0000 is 10, not 1E+1). */
    static BigDecimal plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static void positive(List<ApiError.FieldError> problems, String field, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            problems.add(new ApiError.FieldError(field, "must be a positive amount"));
        }
    }

    private static void pair(List<ApiError.FieldError> problems, String suffix, Integer defaultValue, Integer max,
            int ceiling) {
        String maxField = "max" + suffix;
        String defaultField = "default" + suffix;
        if (max == null || max < 1 || max > ceiling) {
            problems.add(new ApiError.FieldError(maxField, "must be between 1 and " + ceiling));
        }
        if (defaultValue == null || defaultValue < 1) {
            problems.add(new ApiError.FieldError(defaultField, "must be at least 1"));
        } else if (max != null && defaultValue > max) {
            problems.add(new ApiError.FieldError(defaultField, "must not exceed the maximum"));
        }
    }
}
