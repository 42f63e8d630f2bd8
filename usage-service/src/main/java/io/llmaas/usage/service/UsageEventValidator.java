package io.llmaas.usage.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiError.FieldError;
import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.contracts.internal.UsageEvent;
import io.llmaas.usage.config.UsageConfig;

/**
 * Checks a whole batch before anything is written, so a bad event rejects its batch (400 with every problem listed)
 * and nothing is half-stored. Limits keep one gateway bug from filling the database with garbage.
 */
@ApplicationScoped
public class UsageEventValidator {

    static final int MAX_ID = 128;
    static final int MAX_TEXT = 256;
    static final int MAX_METADATA_ENTRIES = 32;
    static final int MAX_FIELD_ERRORS = 20;
    /** numeric(20, 9): eleven integer digits. */
    static final BigDecimal MAX_COST = new BigDecimal("99999999999");

    private final UsageConfig config;
    private final Clock clock;

    UsageEventValidator(UsageConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public void validate(UsageBatch batch) {
        if (batch == null || batch.events() == null) {
            throw ApiException.badRequest("events", "events is required");
        }
        if (batch.events().size() > config.ingest().maxBatchSize()) {
            throw ApiException.badRequest("events", "A batch carries at most " + config.ingest().maxBatchSize()
                    + " events; split it");
        }
        Instant latest = clock.instant().plus(config.ingest().maxClockSkew());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.events().size() && errors.size() < MAX_FIELD_ERRORS; i++) {
            check(batch.events().get(i), "events[" + i + "].", latest, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
    }

    private static void check(UsageEvent e, String at, Instant latest, List<FieldError> errors) {
        if (e == null) {
            errors.add(new FieldError(at.substring(0, at.length() - 1), "must not be null"));
            return;
        }
        text(e.requestId(), at, "requestId", MAX_ID, true, errors);
        text(e.model(), at, "model", MAX_TEXT, true, errors);
        text(e.gatewayId(), at, "gatewayId", MAX_TEXT, false, errors);
        text(e.keyId(), at, "keyId", MAX_ID, false, errors);
        text(e.keyAlias(), at, "keyAlias", MAX_TEXT, false, errors);
        text(e.userId(), at, "userId", MAX_ID, false, errors);
        text(e.teamId(), at, "teamId", MAX_ID, false, errors);
        text(e.endpoint(), at, "endpoint", MAX_TEXT, false, errors);
        text(e.deploymentId(), at, "deploymentId", MAX_TEXT, false, errors);
        text(e.errorType(), at, "errorType", MAX_TEXT, false, errors);
        text(e.budgetLeaseId(), at, "budgetLeaseId", MAX_ID, false, errors);
        if (e.timestamp() == null) {
            errors.add(new FieldError(at + "timestamp", "is required"));
        } else if (e.timestamp().isAfter(latest)) {
            errors.add(new FieldError(at + "timestamp", "is further in the future than the allowed clock skew"));
        }
        if (e.promptTokens() < 0) {
            errors.add(new FieldError(at + "promptTokens", "must not be negative"));
        }
        if (e.completionTokens() < 0) {
            errors.add(new FieldError(at + "completionTokens", "must not be negative"));
        }
        if (e.costUsd() != null && (e.costUsd().signum() < 0 || e.costUsd().compareTo(MAX_COST) > 0)) {
            errors.add(new FieldError(at + "costUsd", "must be between 0 and " + MAX_COST));
        }
        if (e.costUsd() != null && e.costUsd().stripTrailingZeros().scale() > 9) {
            errors.add(new FieldError(at + "costUsd", "has more than 9 decimals"));
        }
        if (e.status() < 100 || e.status() > 599) {
            errors.add(new FieldError(at + "status", "must be an HTTP status (100-599)"));
        }
        if (e.latencyMs() < 0) {
            errors.add(new FieldError(at + "latencyMs", "must not be negative"));
        }
        if (e.ttftMs() != null && e.ttftMs() < 0) {
            errors.add(new FieldError(at + "ttftMs", "must not be negative"));
        }
        Map<String, String> metadata = e.metadata();
        if (metadata != null && (metadata.size() > MAX_METADATA_ENTRIES
                || metadata.entrySet().stream().anyMatch(m -> m.getKey() == null || m.getKey().length() > MAX_TEXT
                        || m.getKey().indexOf('\0') >= 0
                        || (m.getValue() != null && (m.getValue().length() > 4 * MAX_TEXT
                                || m.getValue().indexOf('\0') >= 0))))) {
            errors.add(new FieldError(at + "metadata", "at most " + MAX_METADATA_ENTRIES
                    + " entries, keys up to " + MAX_TEXT + " and values up to " + 4 * MAX_TEXT + " characters"));
        }
    }

    /** The field's path ({@code at + name}) is only built for an error: this runs for every field of every event. */
    private static void text(String value, String at, String name, int max, boolean required,
            List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(at + name, "is required"));
            }
        } else if (value.length() > max) {
            errors.add(new FieldError(at + name, "is longer than " + max + " characters"));
        } else if (value.indexOf('\0') >= 0) {
            errors.add(new FieldError(at + name, "must not contain NUL characters"));
        }
    }
}
