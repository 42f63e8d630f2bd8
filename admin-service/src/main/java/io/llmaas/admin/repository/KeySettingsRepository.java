package io.llmaas.admin.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class KeySettingsRepository implements PanacheRepositoryBase<KeySettingsRow, Short> {

    public Optional<KeySettingsRow> current() {
        return findByIdOptional(KeySettingsRow.SINGLETON_ID);
    }
}
