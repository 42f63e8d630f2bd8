package io.llmaas.keys.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user's or a team's access to one model, with its approval status. */
@Entity
@Table(name = "subscriptions")
public class SubscriptionEntity {

    @Id
    public String id;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "team_id")
    public String teamId;

    @Column(name = "model_id")
    public String modelId;

    /** pending, active, denied, suspended or cancelled. */
    public String status;

    /** Why the last status change happened. */
    public String reason;

    @Column(name = "budget_id")
    public String budgetId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
