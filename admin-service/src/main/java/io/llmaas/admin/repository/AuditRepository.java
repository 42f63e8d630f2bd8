package io.llmaas.admin.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, String> {

    /** What the audit log page filters by; null or blank means "any". */
    public record Filter(String actor, String action, String targetType, Instant from, Instant to, String text) {
    }

    /** Inserts the entry unless one with the same id exists (outbox redelivery); true if it was new. */
    public boolean insertIfAbsent(AuditEntry entry) {
        int inserted = getEntityManager().createNativeQuery("""
                INSERT INTO audit_log (id, at, service, actor, action, target_type, target_id, before_state,
                                       after_state, source_ip, request_id, received_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS jsonb), CAST(?9 AS jsonb), ?10, ?11, ?12)
                ON CONFLICT (id) DO NOTHING""")
                .setParameter(1, entry.id).setParameter(2, entry.at).setParameter(3, entry.service)
                .setParameter(4, entry.actor).setParameter(5, entry.action).setParameter(6, entry.targetType)
                .setParameter(7, entry.targetId).setParameter(8, entry.beforeState)
                .setParameter(9, entry.afterState).setParameter(10, entry.sourceIp)
                .setParameter(11, entry.requestId).setParameter(12, entry.receivedAt)
                .executeUpdate();
        return inserted == 1;
    }

    public List<AuditEntry> search(Filter filter, int pageIndex, int pageSize) {
        return query(filter).page(Page.of(pageIndex, pageSize)).list();
    }

    public long count(Filter filter) {
        return query(filter).count();
    }

    private PanacheQuery<AuditEntry> query(Filter filter) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (present(filter.actor())) {
            where.add("lower(actor) = :actor");
            params.put("actor", filter.actor().trim().toLowerCase());
        }
        if (present(filter.action())) {
            where.add("lower(action) like :action");
            params.put("action", filter.action().trim().toLowerCase() + "%");
        }
        if (present(filter.targetType())) {
            where.add("lower(targetType) = :targetType");
            params.put("targetType", filter.targetType().trim().toLowerCase());
        }
        if (filter.from() != null) {
            where.add("at >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("at < :to");
            params.put("to", filter.to());
        }
        if (present(filter.text())) {
            // The escape character is named: ids hold underscores, which escapeLike escapes.
            where.add("(lower(actor) like :text escape '\\' or lower(action) like :text escape '\\'"
                    + " or lower(coalesce(targetId, '')) like :text escape '\\'"
                    + " or lower(coalesce(cast(beforeState as string), '')) like :text escape '\\'"
                    + " or lower(coalesce(cast(afterState as string), '')) like :text escape '\\')");
            params.put("text", "%" + escapeLike(filter.text().trim().toLowerCase()) + "%");
        }
        Sort sort = Sort.descending("at").and("id", Sort.Direction.Descending);
        return where.isEmpty() ? findAll(sort) : find(String.join(" and ", where), sort, params);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
