package io.llmaas.keys.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.llmaas.keys.repository.ModelRepository;

/** Validation shared by every holder of limits and model lists. */
final class Limits {

    /** LiteLLM's ways of saying "every model": they mean no restriction, stored as an empty list. */
    private static final Set<String> ALL_MODELS = Set.of("*", "all-proxy-models", "all-team-models");

    private Limits() {
    }

    static void checkLimits(Problems problems, Settable<Long> rpm, Settable<Long> tpm, Settable<Integer> parallel) {
        rpm.ifPresent(v -> problems.check(v == null || v >= 0, "rpm_limit", "must be >= 0"));
        tpm.ifPresent(v -> problems.check(v == null || v >= 0, "tpm_limit", "must be >= 0"));
        parallel.ifPresent(v -> problems.check(v == null || v >= 0, "max_parallel_requests", "must be >= 0"));
    }

    /** The model list to store: known aliases only, without duplicates; "all models" markers become empty. */
    static List<String> models(Problems problems, List<String> requested, ModelRepository models) {
        if (requested == null) {
            return new ArrayList<>();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String alias : requested) {
            if (alias == null || ALL_MODELS.contains(alias)) {
                if (alias != null) {
                    return new ArrayList<>();
                }
                continue;
            }
            if (models.findByAlias(alias).isEmpty()) {
                problems.add("models", "unknown model '" + alias + "'");
            } else {
                out.add(alias);
            }
        }
        return new ArrayList<>(out);
    }
}
