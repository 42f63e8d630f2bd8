package io.llmaas.admin.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/**
 * How the pages write amounts, counts and times: {@code {fmt:usd(price)}}, {@code {fmt:count(tokens)}},
 * {@code {fmt:utc(at)}}. Functions rather than properties, so that a missing value is written as a dash.
 */
@TemplateExtension(namespace = "fmt")
public final class Formats {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** US dollars: cents for amounts of a dollar or more, up to six decimals below (token prices are small). */
    static String usd(BigDecimal amount) {
        if (amount == null) {
            return "—";
        }
        BigDecimal abs = amount.abs();
        int scale = abs.compareTo(BigDecimal.ONE) >= 0 || abs.signum() == 0 ? 2 : 6;
        BigDecimal rounded = amount.setScale(scale, RoundingMode.HALF_UP);
        if (scale == 6) {
            rounded = rounded.stripTrailingZeros();
            if (rounded.scale() < 2) {
                rounded = rounded.setScale(2);
            }
        }
        return "$" + rounded.toPlainString();
    }

    /** A count with thousands separators. */
    static String count(Number value) {
        return value == null ? "—" : NumberFormat.getIntegerInstance(Locale.US).format(value.longValue());
    }

    /** A limit, or "no limit" when there is none. */
    static String limit(Number value) {
        return value == null ? "no limit" : count(value);
    }

    /** Date and time in UTC. */
    static String utc(Instant instant) {
        return instant == null ? "—" : AuditView.TIME.format(instant);
    }

    /** The day in UTC. */
    static String day(Instant instant) {
        return instant == null ? "—" : DAY.format(instant);
    }

    /** A list as one comma-separated text. */
    static String joined(List<String> values) {
        return values == null || values.isEmpty() ? "—" : String.join(", ", values);
    }
}
