package io.llmaas.keys.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.DeploymentEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class DeploymentRepository implements PanacheRepositoryBase<DeploymentEntity, String> {

    public List<DeploymentEntity> ofModel(String modelId) {
        return list("modelId", Sort.by("createdAt").and("id"), modelId);
    }

    public List<DeploymentEntity> allOrdered() {
        return listAll(Sort.by("createdAt").and("id"));
    }
}
