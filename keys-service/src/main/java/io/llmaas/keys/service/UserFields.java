package io.llmaas.keys.service;

import java.util.List;
import java.util.Map;

/** Settable fields of a user, for create (absent = default) and update (absent = unchanged, null = cleared). */
public record UserFields(Settable<String> externalId, Settable<String> email, Settable<String> displayName,
        Settable<String> role, Settable<List<String>> models, Settable<Long> rpmLimit, Settable<Long> tpmLimit,
        Settable<Integer> maxParallel, Settable<Map<String, Object>> metadata, BudgetSpec budget) {
}
