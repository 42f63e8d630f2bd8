package io.llmaas.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class AuditViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void changesListEveryFieldOfBothSidesAndFlagTheChangedOnes() throws Exception {
        List<AuditView.Change> changes = AuditView.changes(
                JSON.readTree("{\"rpm\":60,\"limits\":{\"tpm\":1000},\"gone\":true,\"alias\":\"a\"}"),
                JSON.readTree("{\"rpm\":42,\"limits\":{\"tpm\":1000},\"alias\":\"a\",\"note\":\"sk-fake-fixture\"}"));

        assertThat(changes).containsExactly(
                new AuditView.Change("alias", "a", "a", false),
                new AuditView.Change("gone", "true", null, true),
                new AuditView.Change("limits.tpm", "1000", "1000", false),
                new AuditView.Change("note", null, "sk-[redacted]", true),
                new AuditView.Change("rpm", "60", "42", true));
    }

    @Test
    void aCreationHasOnlyAfterValues() throws Exception {
        assertThat(AuditView.changes(null, JSON.readTree("{\"name\":\"team-a\"}")))
                .containsExactly(new AuditView.Change("name", null, "team-a", true));
    }
}
