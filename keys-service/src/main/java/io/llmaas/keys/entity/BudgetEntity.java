package io.llmaas.keys.entity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A budget: max and soft budget over a period. Shared budgets are LiteLLM's reusable budget objects; private ones
 * belong to the single key, user, team or subscription that was given {@code max_budget} inline. Spend is tracked per
 * holder, never per budget.
 */
@Entity
@Table(name = "budgets")
public class BudgetEntity {

    @Id
    public String id;

    public boolean shared;

    @Column(name = "max_budget")
    public BigDecimal maxBudget;

    @Column(name = "soft_budget")
    public BigDecimal softBudget;

    /** {@code Nh}, {@code Nd} or {@code Nmo}; null for a budget that never resets. */
    public String duration;

    /** Percent thresholds reported as crossings; null for the configured defaults. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Integer> thresholds;

    @Column(name = "rpm_limit")
    public Long rpmLimit;

    @Column(name = "tpm_limit")
    public Long tpmLimit;

    @Column(name = "max_parallel")
    public Integer maxParallel;

    /** Periods start at this instant (creation truncated to the hour, UTC) plus whole durations. */
    @Column(name = "anchor_at")
    public Instant anchorAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
