package io.llmaas.admin.repository;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row of saved self-service key settings ({@code id = 1}). */
@Entity
@Table(name = "key_settings")
public class KeySettingsRow {

    public static final short SINGLETON_ID = 1;

    @Id
    public Short id;

    @Column(name = "default_max_budget")
    public BigDecimal defaultMaxBudget;

    @Column(name = "max_budget_limit")
    public BigDecimal maxBudgetLimit;

    @Column(name = "budget_duration")
    public String budgetDuration;

    @Column(name = "default_rpm")
    public int defaultRpm;

    @Column(name = "max_rpm")
    public int maxRpm;

    @Column(name = "default_tpm")
    public int defaultTpm;

    @Column(name = "max_tpm")
    public int maxTpm;

    @Column(name = "default_expiry_days")
    public int defaultExpiryDays;

    @Column(name = "max_expiry_days")
    public int maxExpiryDays;

    @Column(name = "models_policy")
    public String modelsPolicy;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
