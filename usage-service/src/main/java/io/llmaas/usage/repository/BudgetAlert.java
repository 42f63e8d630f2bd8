package io.llmaas.usage.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One budget threshold crossed in one budget period, and the state of its webhook delivery. */
@Entity
@Table(name = "budget_alert", schema = "usage")
public class BudgetAlert {

    public enum DeliveryState {
        /** Waiting for (another) delivery attempt. */
        PENDING,
        /** The webhook answered 2xx. */
        DELIVERED,
        /** Given up after the configured number of attempts. */
        FAILED,
        /** No webhook is configured: recorded and visible through the API only. */
        NO_WEBHOOK
    }

    @Id
    public UUID id;

    @Column(name = "budget_id")
    public String budgetId;

    @Column(name = "scope_type")
    public String scopeType;

    @Column(name = "scope_id")
    public String scopeId;

    @Column(name = "scope_name")
    public String scopeName;

    @Column(name = "period_start")
    public Instant periodStart;

    @Column(name = "period_end")
    public Instant periodEnd;

    public String threshold;

    public BigDecimal spend;

    @Column(name = "max_budget")
    public BigDecimal maxBudget;

    @Column(name = "soft_budget")
    public BigDecimal softBudget;

    @Column(name = "created_at")
    public Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_state")
    public DeliveryState deliveryState;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
