package io.llmaas.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.llmaas.admin.service.Catalog;

/**
 * The catalog's search and filters as the query string carries them: text (alias and description), a capability, and
 * access ({@code open}, {@code restricted}, {@code subscribed}).
 */
public record CatalogFilter(String q, String capability, String access) {

    public static final List<String> CAPABILITIES = List.of("chat", "completions", "embeddings");
    public static final List<String> ACCESS = List.of("open", "restricted", "subscribed");

    public static CatalogFilter of(String q, String capability, String access) {
        return new CatalogFilter(Form.optional(q), capability != null && CAPABILITIES.contains(capability) ? capability : null,
                access != null && ACCESS.contains(access) ? access : null);
    }

    /** The capabilities to filter by, for the page's select. */
    public List<String> capabilities() {
        return CAPABILITIES;
    }

    public boolean active() {
        return q != null || capability != null || access != null;
    }

    public List<Catalog.Entry> apply(List<Catalog.Entry> entries) {
        String text = q == null ? null : q.toLowerCase(Locale.ROOT);
        List<Catalog.Entry> out = new ArrayList<>();
        for (Catalog.Entry entry : entries) {
            var model = entry.model();
            boolean matches = text == null || model.alias().toLowerCase(Locale.ROOT).contains(text)
                    || (model.description() != null && model.description().toLowerCase(Locale.ROOT).contains(text));
            boolean capable = capability == null || model.capabilities() == null || model.capabilities().isEmpty()
                    || model.capabilities().contains(capability);
            boolean accessible = access == null
                    || ("open".equals(access) && !model.restricted())
                    || ("restricted".equals(access) && model.restricted())
                    || ("subscribed".equals(access) && "active".equals(entry.status()));
            if (matches && capable && accessible) {
                out.add(entry);
            }
        }
        return out;
    }

    /** The catalog's address with these filters. */
    public String link() {
        List<String> params = new ArrayList<>();
        if (q != null) {
            params.add("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        if (capability != null) {
            params.add("capability=" + capability);
        }
        if (access != null) {
            params.add("access=" + access);
        }
        return "/models" + (params.isEmpty() ? "" : "?" + String.join("&", params));
    }
}
