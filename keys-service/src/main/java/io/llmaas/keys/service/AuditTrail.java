package io.llmaas.keys.service;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.contracts.internal.AuditRecord;
import io.llmaas.keys.security.Caller;

/**
 * Writes one {@link AuditRecord} per management change into the outbox, in the transaction of the change, so a record
 * exists exactly when the change does. {@link AuditShipper} delivers the outbox to admin-service.
 */
@ApplicationScoped
public class AuditTrail {

    static final String SERVICE = "keys-service";
    private static final Set<String> SECRET_FIELDS = Set.of("apikey", "api_key", "key", "secret", "token",
            "master_key", "new_key", "new_master_key", "password", "upstreamapikey");

    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;

    public AuditTrail(EntityManager em, ObjectMapper json, Clock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Caller caller, String action, String targetType, String targetId, Object before,
            Object after) {
        Instant now = clock.instant();
        AuditRecord record = new AuditRecord(Ids.generate("aud"), now, SERVICE, caller.actor(), action, targetType,
                targetId, redacted(before), redacted(after), caller.sourceIp(), caller.requestId());
        String body;
        try {
            body = json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit record could not be written as JSON", e);
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into keys.audit_outbox "
                    + "(id, record, created_at, attempts, next_attempt_at) values (?, cast(? as jsonb), ?, 0, ?)")) {
                insert.setString(1, record.id());
                insert.setString(2, body);
                insert.setTimestamp(3, Timestamp.from(now));
                insert.setTimestamp(4, Timestamp.from(now));
                insert.executeUpdate();
            }
        });
    }

    JsonNode redacted(Object value) {
        if (value == null) {
            return null;
        }
        JsonNode node = json.valueToTree(value);
        redact(node);
        return node;
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SECRET_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT)) && field.getValue().isTextual()) {
                    field.setValue(object.textNode("[redacted]"));
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(AuditTrail::redact);
        }
    }
}
