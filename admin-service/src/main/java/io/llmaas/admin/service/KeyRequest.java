package io.llmaas.admin.service;

import java.math.BigDecimal;
import java.util.List;

/**
 * A key as a user asks for it on the portal; null values take the defaults of the key settings.
 *
 * @param teamId null for a personal key
 * @param models empty: every model the key's owner (user or team) is subscribed to, now and later
 */
public record KeyRequest(String alias, String teamId, List<String> models, Integer expiryDays, BigDecimal maxBudget,
        Integer rpmLimit, Integer tpmLimit) {
}
