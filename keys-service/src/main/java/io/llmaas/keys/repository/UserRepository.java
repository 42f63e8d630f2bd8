package io.llmaas.keys.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.UserEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserEntity, String> {

    public Optional<UserEntity> findByExternalId(String externalId) {
        return find("externalId", externalId).firstResultOptional();
    }

    public Optional<UserEntity> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResultOptional();
    }
}
