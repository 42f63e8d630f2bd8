package io.llmaas.keys.service;

import java.math.BigDecimal;
import java.util.List;

/** Settable fields of a catalog model. */
public record ModelFields(Settable<String> alias, Settable<String> description, Settable<List<String>> capabilities,
        Settable<Integer> contextWindow, Settable<BigDecimal> inputPricePer1M, Settable<BigDecimal> outputPricePer1M,
        Settable<Boolean> restricted, Settable<Boolean> enabled, Settable<List<String>> fallbacks,
        Settable<String> strategy) {

    public static ModelFields alias(String alias) {
        return new ModelFields(Settable.of(alias), Settable.absent(), Settable.absent(), Settable.absent(),
                Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(),
                Settable.absent());
    }
}
