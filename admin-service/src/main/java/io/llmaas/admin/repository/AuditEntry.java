package io.llmaas.admin.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One audit log entry; {@code beforeState}/{@code afterState} are redacted JSON documents. */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

    @Id
    public String id;

    public Instant at;

    public String service;

    public String actor;

    public String action;

    @Column(name = "target_type")
    public String targetType;

    @Column(name = "target_id")
    public String targetId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "before_state")
    public String beforeState;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "after_state")
    public String afterState;

    @Column(name = "source_ip")
    public String sourceIp;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "received_at")
    public Instant receivedAt;
}
