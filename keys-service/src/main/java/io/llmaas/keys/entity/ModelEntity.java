package io.llmaas.keys.entity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A model alias of the catalog, as clients name it in {@code "model": …}. */
@Entity
@Table(name = "models")
public class ModelEntity {

    @Id
    public String id;

    public String alias;

    public String description;

    /** Subset of {@code chat}, {@code completions}, {@code embeddings}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> capabilities = new ArrayList<>();

    @Column(name = "context_window")
    public Integer contextWindow;

    /** USD per 1M prompt tokens. */
    @Column(name = "input_price")
    public BigDecimal inputPrice = BigDecimal.ZERO;

    /** USD per 1M completion tokens. */
    @Column(name = "output_price")
    public BigDecimal outputPrice = BigDecimal.ZERO;

    /** Subscriptions to a restricted model wait for an admin's approval. */
    public boolean restricted;

    public boolean enabled = true;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> fallbacks = new ArrayList<>();

    /** least-busy, round-robin, weighted or lowest-latency; null for the gateway default. */
    public String strategy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
