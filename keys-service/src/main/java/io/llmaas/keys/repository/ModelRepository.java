package io.llmaas.keys.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.ModelEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class ModelRepository implements PanacheRepositoryBase<ModelEntity, String> {

    public Optional<ModelEntity> findByAlias(String alias) {
        return find("alias", alias).firstResultOptional();
    }

    public List<ModelEntity> listOrdered() {
        return listAll(Sort.by("alias"));
    }

    public List<String> enabledAliases() {
        return find("enabled = true", Sort.by("alias")).project(AliasOnly.class).list().stream()
                .map(AliasOnly::alias).toList();
    }

    public record AliasOnly(String alias) {
    }
}
