package io.llmaas.keys.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Settable fields of a virtual key, for create (absent = default) and update (absent = unchanged, null = cleared). */
public record KeyFields(Settable<String> alias, Settable<String> userId, Settable<String> teamId,
        Settable<List<String>> models, Settable<Long> rpmLimit, Settable<Long> tpmLimit,
        Settable<Integer> maxParallel, Settable<Map<String, Long>> modelRpmLimit,
        Settable<Map<String, Long>> modelTpmLimit, Settable<Instant> expiresAt, Settable<Boolean> blocked,
        Settable<Map<String, Object>> metadata, BudgetSpec budget) {

    public static KeyFields none() {
        return new KeyFields(Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(),
                Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(),
                Settable.absent(), Settable.absent(), Settable.absent(), BudgetSpec.NONE);
    }

    public boolean anySet() {
        return alias.present() || userId.present() || teamId.present() || models.present() || rpmLimit.present()
                || tpmLimit.present() || maxParallel.present() || modelRpmLimit.present() || modelTpmLimit.present()
                || expiresAt.present() || blocked.present() || metadata.present() || budget.any();
    }
}
