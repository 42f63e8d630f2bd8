package io.llmaas.keys.service;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.llmaas.keys.config.KeysConfig;
import io.llmaas.keys.entity.DeploymentEntity;
import io.llmaas.keys.entity.ModelEntity;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.security.Caller;
import io.quarkus.runtime.StartupEvent;

/**
 * Imports a LiteLLM {@code config.yaml} into the catalog: each {@code model_list} entry is a deployment of the model
 * named {@code model_name}; {@code litellm_params.model} {@code ollama/…}, {@code openai/…} (and {@code mock/…}) picks
 * the backend; {@code os.environ/NAME} values are read from the environment. Entries already in the catalog (same
 * model, base URL and upstream model) are skipped, so importing twice changes nothing. The whole import is one
 * transaction. On first start an empty catalog is seeded from a classpath file in the same format.
 */
@ApplicationScoped
public class LiteLlmConfigImporter {

    private static final Logger LOG = Logger.getLogger(LiteLlmConfigImporter.class);
    private static final String ENV_PREFIX = "os.environ/";
    private static final long SEED_LOCK = 0x6b657973L;

    /**
     * @param masterKey how the file names the master key ({@code os.environ/NAME}); never stored: keys-service takes
     *                  its master key from {@code LLMAAS_MASTER_KEY}
     */
    public record Report(List<String> modelsCreated, List<String> deploymentsCreated, List<String> skipped,
            String masterKey, List<String> warnings) {
    }

    private final CatalogService catalog;
    private final ModelRepository models;
    private final EntityManager em;
    private final KeysConfig config;
    private final YAMLMapper yaml = new YAMLMapper();

    public LiteLlmConfigImporter(CatalogService catalog, ModelRepository models, EntityManager em,
            KeysConfig config) {
        this.catalog = catalog;
        this.models = models;
        this.em = em;
        this.config = config;
    }

    @Transactional
    public Report importYaml(Caller caller, String text, Function<String, Optional<String>> env) {
        caller.requireAdmin();
        JsonNode root;
        try {
            root = yaml.readTree(text == null ? "" : text);
        } catch (IOException e) {
            throw Problems.single("config", "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject() || !root.path("model_list").isArray()) {
            throw Problems.single("model_list", "is required: a list of {model_name, litellm_params}");
        }
        Problems problems = new Problems();
        List<String> warnings = new ArrayList<>();
        String strategy = strategy(root.path("router_settings").path("routing_strategy").asText(null), warnings);
        Map<String, ModelFields> newModels = new LinkedHashMap<>();
        Map<String, List<DeploymentFields>> newDeployments = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : root.path("model_list")) {
            String at = "model_list[" + index++ + "].";
            String alias = entry.path("model_name").asText(null);
            JsonNode params = entry.path("litellm_params");
            String model = params.path("model").asText(null);
            if (alias == null || model == null || !model.contains("/")) {
                problems.add(at + "litellm_params.model", "model_name and litellm_params.model (provider/model) "
                        + "are required");
                continue;
            }
            String provider = model.substring(0, model.indexOf('/'));
            String upstream = model.substring(model.indexOf('/') + 1);
            String backend = switch (provider) {
                case "ollama", "ollama_chat" -> "ollama";
                case "openai", "hosted_vllm", "vllm", "text-completion-openai" -> "openai";
                case "mock" -> "mock";
                default -> null;
            };
            if (backend == null) {
                problems.add(at + "litellm_params.model", "provider '" + provider + "' is not supported (ollama, "
                        + "openai, hosted_vllm, mock)");
                continue;
            }
            String baseUrl = resolve(problems, at + "litellm_params.api_base", params.path("api_base"), env);
            if (baseUrl == null) {
                baseUrl = backend.equals("mock") ? "mock://" + upstream
                        : backend.equals("ollama") ? "http://127.0.0.1:11434" : null;
            }
            String apiKey = resolve(problems, at + "litellm_params.api_key", params.path("api_key"), env);
            if (exists(alias, baseUrl, upstream)) {
                skipped.add(alias + " @ " + baseUrl);
                continue;
            }
            JsonNode info = entry.path("model_info");
            if (models.findByAlias(alias).isEmpty() && !newModels.containsKey(alias)) {
                newModels.put(alias, modelFields(alias, info, strategy));
            }
            Integer timeoutMs = params.hasNonNull("timeout") ? (int) (params.path("timeout").asDouble() * 1000) : null;
            newDeployments.computeIfAbsent(alias, a -> new ArrayList<>()).add(new DeploymentFields(
                    info.hasNonNull("id") ? Settable.of(info.path("id").asText()) : Settable.absent(),
                    Settable.of(backend), Settable.of(baseUrl), Settable.of(upstream),
                    params.hasNonNull("weight") ? Settable.of(params.path("weight").asInt()) : Settable.absent(),
                    params.hasNonNull("rpm") ? Settable.of(params.path("rpm").asLong()) : Settable.absent(),
                    params.hasNonNull("tpm") ? Settable.of(params.path("tpm").asLong()) : Settable.absent(),
                    Settable.absent(), timeoutMs == null ? Settable.absent() : Settable.of(timeoutMs),
                    Settable.absent(), apiKey == null ? Settable.absent() : Settable.of(apiKey)));
        }
        String masterKey = masterKeyReference(root.path("general_settings").path("master_key"), warnings);
        problems.throwIfAny();
        List<String> modelsCreated = new ArrayList<>();
        List<String> deploymentsCreated = new ArrayList<>();
        for (Map.Entry<String, List<DeploymentFields>> entry : newDeployments.entrySet()) {
            String alias = entry.getKey();
            if (newModels.containsKey(alias)) {
                var created = catalog.createModel(caller, newModels.get(alias), entry.getValue());
                modelsCreated.add(alias);
                created.deployments().forEach(d -> deploymentsCreated.add(d.id()));
            } else {
                for (DeploymentFields deployment : entry.getValue()) {
                    deploymentsCreated.add(catalog.addDeployment(caller, alias, deployment).id());
                }
            }
        }
        return new Report(modelsCreated, deploymentsCreated, skipped, masterKey, warnings);
    }

    void seedOnStart(@Observes StartupEvent start) {
        if (!config.seed().enabled()) {
            return;
        }
        Report report = seedIfEmpty();
        if (report != null) {
            LOG.infof("Seeded the empty catalog with %s", report.modelsCreated());
        }
    }

    /** Seeds the catalog from the classpath file if it is empty; replicas starting together seed it once. */
    @Transactional
    public Report seedIfEmpty() {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, SEED_LOCK).getSingleResult();
        if (!catalog.catalogEmpty()) {
            return null;
        }
        String text;
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(config.seed().resource())) {
            if (in == null) {
                throw new IllegalStateException("Seed catalog " + config.seed().resource()
                        + " is not on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Seed catalog could not be read", e);
        }
        return importYaml(Caller.system("seed"), text, this::seedVariable);
    }

    private Optional<String> seedVariable(String name) {
        return switch (name) {
            case "LLMAAS_OLLAMA_URL_1" -> Optional.of(config.seed().ollamaUrl1());
            case "LLMAAS_OLLAMA_URL_2" -> Optional.of(config.seed().ollamaUrl2());
            default -> Optional.ofNullable(System.getenv(name));
        };
    }

    private boolean exists(String alias, String baseUrl, String upstream) {
        Optional<ModelEntity> model = models.findByAlias(alias);
        if (model.isEmpty()) {
            return false;
        }
        for (DeploymentEntity d : catalog.deploymentsOf(model.get())) {
            if (Objects.equals(d.baseUrl, baseUrl) && Objects.equals(d.upstreamModel, upstream)) {
                return true;
            }
        }
        return false;
    }

    private static ModelFields modelFields(String alias, JsonNode info, String strategy) {
        String mode = info.path("mode").asText("chat");
        List<String> capabilities = switch (mode) {
            case "embedding" -> List.of("embeddings");
            case "completion" -> List.of("completions");
            default -> List.of("chat", "completions");
        };
        Integer context = info.hasNonNull("max_input_tokens") ? Integer.valueOf(info.path("max_input_tokens").asInt())
                : info.hasNonNull("max_tokens") ? Integer.valueOf(info.path("max_tokens").asInt()) : null;
        return new ModelFields(Settable.of(alias),
                info.hasNonNull("description") ? Settable.of(info.path("description").asText()) : Settable.absent(),
                Settable.of(capabilities), context == null ? Settable.absent() : Settable.of(context),
                perMillion(info.path("input_cost_per_token")), perMillion(info.path("output_cost_per_token")),
                info.hasNonNull("restricted") ? Settable.of(info.path("restricted").asBoolean()) : Settable.absent(),
                Settable.absent(), Settable.absent(), strategy == null ? Settable.absent() : Settable.of(strategy));
    }

    private static Settable<BigDecimal> perMillion(JsonNode perToken) {
        return perToken.isNumber() ? Settable.of(perToken.decimalValue().movePointRight(6).stripTrailingZeros())
                : Settable.absent();
    }

    private static String strategy(String litellm, List<String> warnings) {
        if (litellm == null) {
            return null;
        }
        return switch (litellm) {
            case "least-busy" -> "least-busy";
            case "simple-shuffle" -> "weighted";
            case "latency-based-routing" -> "lowest-latency";
            default -> {
                warnings.add("router_settings.routing_strategy '" + litellm + "' has no equivalent; the gateway "
                        + "default (least-busy) applies");
                yield null;
            }
        };
    }

    private static String masterKeyReference(JsonNode node, List<String> warnings) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String value = node.asText();
        if (value.startsWith(ENV_PREFIX)) {
            return value;
        }
        warnings.add("general_settings.master_key is a literal value: ignored (set LLMAAS_MASTER_KEY instead)");
        return "[literal, ignored]";
    }

    private static String resolve(Problems problems, String field, JsonNode node,
            Function<String, Optional<String>> env) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String value = node.asText();
        if (!value.startsWith(ENV_PREFIX)) {
            return value;
        }
        String name = value.substring(ENV_PREFIX.length());
        Optional<String> resolved = env.apply(name).filter(v -> !v.isBlank());
        if (resolved.isEmpty()) {
            problems.add(field, "environment variable " + name + " is not set");
            return null;
        }
        return resolved.get();
    }
}
