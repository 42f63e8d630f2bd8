package io.llmaas.keys.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.BudgetEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class BudgetRepository implements PanacheRepositoryBase<BudgetEntity, String> {
}
