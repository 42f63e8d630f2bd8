package io.llmaas.usage.rest;

import java.time.Clock;
import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.usage.repository.UsageFilter;
import io.llmaas.usage.service.ExportService;
import io.llmaas.usage.service.ExportService.Format;

/**
 * {@code GET /api/usage/export?format=csv|json}: every raw event of the range and filters, streamed (the response
 * starts before the query has finished and memory does not grow with the range). Same parameters as the analytics API.
 */
@Path("/api/usage/export")
public class UsageExportResource {

    private final ExportService exports;
    private final Clock clock;

    UsageExportResource(ExportService exports, Clock clock) {
        this.exports = exports;
        this.clock = clock;
    }

    @GET
    public Response export(@RestQuery String from, @RestQuery String to, @RestQuery String keyId,
            @RestQuery String userId, @RestQuery String teamId, @RestQuery String model, @RestQuery String format) {
        UsageFilter filter = UsageAnalyticsResource.filter(from, to, keyId, userId, teamId, model, clock);
        Format chosen = format(format);
        StreamingOutput body = out -> exports.write(filter, chosen, out);
        String file = "usage-" + filter.from() + "-" + filter.to() + "." + chosen.name().toLowerCase(Locale.ROOT);
        return Response.ok(body, chosen.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + file.replace(':', '-') + "\"")
                .build();
    }

    private static Format format(String format) {
        if (format == null || format.isBlank()) {
            return Format.CSV;
        }
        try {
            return Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("format", "format must be csv or json");
        }
    }
}
