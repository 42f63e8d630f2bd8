package io.llmaas.keys.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.TeamEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<TeamEntity, String> {
}
