package io.llmaas.keys.service;

import java.math.BigDecimal;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.entity.DeploymentEntity;
import io.llmaas.keys.entity.ModelEntity;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.rest.dto.CreatedKey;
import io.llmaas.keys.rest.dto.DeploymentView;
import io.llmaas.keys.rest.dto.KeyView;
import io.llmaas.keys.rest.dto.ModelView;
import io.llmaas.keys.rest.dto.TeamView;
import io.llmaas.keys.rest.dto.UserView;
import io.llmaas.keys.security.Caller;

/**
 * LiteLLM endpoints that are several of our changes at once, each in one transaction: {@code /user/new} (user, team
 * memberships, first key) and the deployment-centred {@code /model/*} (LiteLLM's "model" is our deployment; a model
 * alias appears with its first deployment and goes away with its last).
 */
@ApplicationScoped
public class LiteLlmOperations {

    public record NewUser(UserView user, CreatedKey key) {
    }

    public record Deployed(ModelView model, DeploymentView deployment) {
    }

    private final UserService users;
    private final TeamService teams;
    private final KeyService keys;
    private final CatalogService catalog;
    private final UserRepository userRepository;
    private final ModelRepository models;
    private final BudgetAdmin budgetAdmin;

    public LiteLlmOperations(UserService users, TeamService teams, KeyService keys, CatalogService catalog,
            UserRepository userRepository, ModelRepository models, BudgetAdmin budgetAdmin) {
        this.budgetAdmin = budgetAdmin;
        this.users = users;
        this.teams = teams;
        this.keys = keys;
        this.catalog = catalog;
        this.userRepository = userRepository;
        this.models = models;
    }

    @Transactional
    public NewUser newUser(Caller caller, String id, UserFields fields, List<String> teamIds, boolean autoKey,
            KeyFields keyFields) {
        UserView created = users.create(caller, id, fields);
        if (teamIds != null) {
            for (String teamId : teamIds) {
                teams.require(teamId);
                teams.addMember(caller, teamId, new TeamService.NewMember(created.id(), "member"));
            }
        }
        CreatedKey key = null;
        if (autoKey) {
            key = keys.create(caller, new KeyFields(keyFields.alias(), Settable.of(created.id()), Settable.absent(),
                    Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(),
                    Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(), BudgetSpec.NONE));
        }
        return new NewUser(users.get(caller, created.id()), key);
    }

    /** LiteLLM's {@code /team/member_add} with a list: all members, or none. */
    @Transactional
    public TeamView addMembers(Caller caller, String teamId, List<TeamService.NewMember> members) {
        TeamView team = teams.get(caller, teamId);
        for (TeamService.NewMember member : members) {
            team = teams.addMember(caller, teamId, member);
        }
        return team;
    }

    /** LiteLLM's {@code /key/update}, whose {@code spend} sets the period spend, in one transaction. */
    @Transactional
    public KeyView updateKey(Caller caller, String keyId, KeyFields fields, BigDecimal spend) {
        if (spend != null) {
            caller.requireAdmin();
        }
        KeyView updated = keys.update(caller, keyId, fields);
        if (spend != null) {
            budgetAdmin.setSpend(caller, "key", keyId, spend, "set by /key/update");
            updated = keys.get(caller, keyId);
        }
        return updated;
    }

    @Transactional
    public String userIdByEmail(Caller caller, String email) {
        caller.requireReadAll();
        return userRepository.findByEmail(email).map(u -> u.id)
                .orElseThrow(() -> ApiException.notFound("User with email", email));
    }

    /** Resolves LiteLLM team members given by {@code user_id} or {@code user_email}. */
    @Transactional
    public String memberId(String userId, String email) {
        if (userId != null) {
            return userId;
        }
        if (email == null) {
            throw Problems.single("member.user_id", "give user_id or user_email");
        }
        return userRepository.findByEmail(email).map(u -> u.id)
                .orElseThrow(() -> Problems.single("member.user_email", "no user with email " + email));
    }

    @Transactional
    public Deployed newDeployment(Caller caller, ModelFields model, DeploymentFields deployment) {
        String alias = model.alias().value();
        if (alias != null && models.findByAlias(alias).isPresent()) {
            DeploymentView added = catalog.addDeployment(caller, alias, deployment);
            if (pricesOrInfo(model)) {
                catalog.updateModel(caller, alias, withoutAlias(model));
            }
            return new Deployed(catalog.get(caller, alias), added);
        }
        ModelView created = catalog.createModel(caller, model, List.of(deployment));
        return new Deployed(created, created.deployments().get(0));
    }

    @Transactional
    public Deployed updateDeployment(Caller caller, String deploymentId, ModelFields model,
            DeploymentFields deployment) {
        DeploymentEntity existing = catalog.requireDeployment(deploymentId);
        ModelEntity owner = models.findById(existing.modelId);
        if (model.alias().present() && !owner.alias.equals(model.alias().value())) {
            throw Problems.single("model_name", "cannot move a deployment to another model: delete and add it");
        }
        DeploymentView updated = catalog.updateDeployment(caller, deploymentId, deployment);
        if (pricesOrInfo(model)) {
            catalog.updateModel(caller, owner.alias, withoutAlias(model));
        }
        return new Deployed(catalog.get(caller, owner.alias), updated);
    }

    @Transactional
    public void deleteDeployment(Caller caller, String deploymentId) {
        DeploymentEntity existing = catalog.requireDeployment(deploymentId);
        ModelEntity owner = models.findById(existing.modelId);
        catalog.deleteDeployment(caller, deploymentId);
        if (catalog.deploymentsOf(owner).isEmpty()) {
            catalog.deleteModel(caller, owner.alias);
        }
    }

    private static boolean pricesOrInfo(ModelFields m) {
        return m.description().present() || m.capabilities().present() || m.contextWindow().present()
                || m.inputPricePer1M().present() || m.outputPricePer1M().present() || m.restricted().present()
                || m.enabled().present();
    }

    private static ModelFields withoutAlias(ModelFields m) {
        return new ModelFields(Settable.absent(), m.description(), m.capabilities(), m.contextWindow(),
                m.inputPricePer1M(), m.outputPricePer1M(), m.restricted(), m.enabled(), m.fallbacks(), m.strategy());
    }
}
