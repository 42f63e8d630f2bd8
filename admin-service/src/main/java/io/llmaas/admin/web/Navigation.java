package io.llmaas.admin.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.llmaas.admin.auth.PortalRoles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The sidebar ({@code inject:navigation}): only the pages the user's role may open, grouped as the OpenShift console
 * groups its perspectives. A page joins the navigation here when it exists.
 */
@Named("navigation")
@RequestScoped
public class Navigation {

    /** One link; {@code id} is what a page passes as {@code active} to be highlighted. */
    public record Item(String id, String label, String href) {
    }

    /** A titled group of links. */
    public record Section(String id, String title, List<Item> items) {
    }

    private static final Section DEVELOPER = new Section("developer", "Developer", List.of(
            new Item("home", "Overview", "/"),
            new Item("models", "Models", "/models"),
            new Item("subscriptions", "Subscriptions", "/subscriptions"),
            new Item("keys", "API keys", "/keys"),
            new Item("usage", "Usage", "/usage"),
            new Item("teams", "Teams", "/teams"),
            new Item("gateway", "Call the gateway", "/gateway")));

    private static final Section ADMINISTRATION = new Section("administration", "Administration", List.of(
            new Item("admin-models", "Models and deployments", "/admin/models"),
            new Item("approvals", "Approvals", "/admin/subscriptions"),
            new Item("admin-users", "Users", "/admin/users"),
            new Item("admin-teams", "Teams", "/admin/teams"),
            new Item("admin-usage", "Usage analytics", "/admin/usage"),
            new Item("alerts", "Budget alerts", "/admin/alerts"),
            new Item("settings", "Key settings", "/admin/settings"),
            new Item("sessions", "Sessions", "/admin/sessions"),
            new Item("audit", "Audit log", "/admin/audit")));

    private final SecurityIdentity identity;

    public Navigation(SecurityIdentity identity) {
        this.identity = identity;
    }

    public List<Section> getSections() {
        List<Section> sections = new ArrayList<>();
        if (identity.hasRole(PortalRoles.USER)) {
            sections.add(DEVELOPER);
        }
        if (identity.hasRole(PortalRoles.ADMIN_READONLY)) {
            sections.add(ADMINISTRATION);
        }
        return sections;
    }
}
