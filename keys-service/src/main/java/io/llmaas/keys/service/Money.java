package io.llmaas.keys.service;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** USD amounts on the wire: no trailing zeros, never in exponent notation; nano-dollars in leases and the ledger. */
public final class Money {

    private Money() {
    }

    public static BigDecimal plain(BigDecimal usd) {
        if (usd == null) {
            return null;
        }
        BigDecimal stripped = usd.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public static BigDecimal usd(long nanos) {
        return plain(BigDecimal.valueOf(nanos, 9));
    }

    public static long nanos(BigDecimal usd) {
        return usd.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
