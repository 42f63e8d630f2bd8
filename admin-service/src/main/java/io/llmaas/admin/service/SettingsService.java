package io.llmaas.admin.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.llmaas.admin.config.AdminConfig;
import io.llmaas.admin.repository.KeySettingsRepository;
import io.llmaas.admin.repository.KeySettingsRow;
import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;

/** Self-service key settings: read by every portal user, changed by admins, every change audited. */
@ApplicationScoped
public class SettingsService {

    private final KeySettingsRepository repository;
    private final AuditService audit;
    private final AdminConfig config;

    public SettingsService(KeySettingsRepository repository, AuditService audit, AdminConfig config) {
        this.repository = repository;
        this.audit = audit;
        this.config = config;
    }

    @Transactional
    public KeySettings current() {
        return repository.current().map(KeySettings::from).orElseGet(() -> KeySettings.from(config.keyDefaults()));
    }

    /** Saves new settings (refused with field errors when invalid) and audits the change with before and after. */
    @Transactional
    public KeySettings update(KeySettings requested, String actor, String sourceIp) {
        List<ApiError.FieldError> problems = requested.problems();
        if (!problems.isEmpty()) {
            throw ApiException.invalidFields(problems);
        }
        KeySettings before = current();
        KeySettings saved = requested.savedBy(actor, Instant.now());
        KeySettingsRow row = repository.current().orElseGet(() -> {
            KeySettingsRow fresh = new KeySettingsRow();
            fresh.id = KeySettingsRow.SINGLETON_ID;
            return fresh;
        });
        saved.copyTo(row);
        repository.persist(row);
        audit.record(actor, "settings.update", "settings", "key-defaults", before, saved, sourceIp);
        return saved;
    }
}
