package io.llmaas.keys.service;

import java.util.List;
import java.util.Map;

/** Settable fields of a team, for create (absent = default) and update (absent = unchanged, null = cleared). */
public record TeamFields(Settable<String> alias, Settable<List<String>> models, Settable<Long> rpmLimit,
        Settable<Long> tpmLimit, Settable<Integer> maxParallel, Settable<Boolean> blocked,
        Settable<Map<String, Object>> metadata, BudgetSpec budget) {
}
