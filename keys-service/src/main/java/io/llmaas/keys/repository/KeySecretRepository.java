package io.llmaas.keys.repository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.KeySecretEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class KeySecretRepository implements PanacheRepositoryBase<KeySecretEntity, String> {

    public List<KeySecretEntity> ofKey(String keyId) {
        return list("keyId", Sort.by("createdAt").descending(), keyId);
    }

    public Optional<KeySecretEntity> current(String keyId) {
        return find("keyId = ?1 and validUntil is null", keyId).firstResultOptional();
    }

    /** Every hash of the given keys (current and in grace): each needs a KEY entry in the changes feed. */
    public List<String> hashesOf(Collection<String> keyIds) {
        if (keyIds.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createQuery(
                "select s.hash from KeySecretEntity s where s.keyId in ?1 order by s.hash", String.class)
                .setParameter(1, keyIds).getResultList();
    }
}
