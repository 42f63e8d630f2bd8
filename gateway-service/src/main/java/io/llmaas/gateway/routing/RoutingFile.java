package io.llmaas.gateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.contracts.internal.RoutingTable.DeploymentRoute;
import io.llmaas.contracts.internal.RoutingTable.ModelRoute;

/**
 * Reads a routing file into the {@link RoutingTable} keys-service would serve. Two formats are accepted:
 * <ul>
 * <li>the gateway's own ({@code models:} with {@code alias} and {@code deployments}, see the README), read strictly:
 * an unknown key is an error, so a typo cannot silently change routing;</li>
 * <li>LiteLLM's {@code config.yaml} ({@code model_list:} of {@code model_name} + {@code litellm_params}), read
 * leniently: settings the gateway has no use for are ignored, so a LiteLLM user can bring their file as it is.</li>
 * </ul>
 * In any string value, {@code ${NAME}} and {@code ${NAME:default}} are replaced by configuration values (environment
 * variables included), and a value that is exactly {@code os.environ/NAME} (LiteLLM's form) by the value of NAME.
 * Errors name the offending path, never a secret value.
 */
public final class RoutingFile {

    private static final Logger LOG = Logger.getLogger(RoutingFile.class);
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");
    private static final String OS_ENVIRON = "os.environ/";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private static final Set<String> ROOT_KEYS = Set.of("router", "models");
    private static final Set<String> ROUTER_KEYS = Set.of("strategy");
    private static final Set<String> MODEL_KEYS = Set.of("alias", "description", "capabilities", "context-window",
            "price", "restricted", "enabled", "strategy", "fallbacks", "deployments");
    private static final Set<String> PRICE_KEYS = Set.of("input-per-1m", "output-per-1m");
    private static final Set<String> DEPLOYMENT_KEYS = Set.of("id", "backend", "base-url", "model", "weight",
            "api-key", "rpm", "tpm", "timeouts");
    private static final Set<String> TIMEOUT_KEYS = Set.of("connect", "first-byte", "idle");
    private static final Set<String> CAPABILITIES = Set.of("chat", "completions", "embeddings");
    private static final Set<String> BACKENDS = Set.of("openai", "ollama", "mock");

    private final Function<String, Optional<String>> lookup;

    private RoutingFile(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** A routing file that cannot be used, with the path of the problem in it. */
    public static final class InvalidRoutingFile extends IllegalArgumentException {
        InvalidRoutingFile(String message) {
            super(message);
        }
    }

    /**
     * @param yaml   the file's text
     * @param lookup configuration values by name, for {@code ${NAME}} and {@code os.environ/NAME}
     */
    public static RoutingTable parse(String yaml, Function<String, Optional<String>> lookup) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidRoutingFile("The routing file is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRoutingFile("The routing file must be a YAML mapping with 'models' or 'model_list'");
        }
        RoutingFile file = new RoutingFile(lookup);
        List<ModelRoute> models = root.has("model_list") ? file.liteLlm(root) : file.own(root);
        validate(models);
        return new RoutingTable(1, models);
    }

    // ---------------------------------------------------------------- the gateway's own format

    private List<ModelRoute> own(JsonNode root) {
        onlyKeys(root, ROOT_KEYS, "");
        String strategy = null;
        JsonNode router = root.get("router");
        if (router != null) {
            onlyKeys(router, ROUTER_KEYS, "router");
            strategy = strategy(string(router, "strategy", "router"), "router.strategy");
        }
        JsonNode models = root.get("models");
        if (models == null || !models.isArray() || models.isEmpty()) {
            throw new InvalidRoutingFile("models: a list of at least one model is required");
        }
        List<ModelRoute> routes = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            routes.add(model(models.get(i), "models[" + i + "]", strategy));
        }
        return routes;
    }

    private ModelRoute model(JsonNode model, String path, String defaultStrategy) {
        onlyKeys(model, MODEL_KEYS, path);
        String alias = required(model, "alias", path);
        JsonNode price = model.get("price");
        BigDecimal input = BigDecimal.ZERO;
        BigDecimal output = BigDecimal.ZERO;
        if (price != null) {
            onlyKeys(price, PRICE_KEYS, path + ".price");
            input = decimal(price, "input-per-1m", path + ".price");
            output = decimal(price, "output-per-1m", path + ".price");
        }
        List<String> capabilities = strings(model.get("capabilities"), path + ".capabilities");
        for (String capability : capabilities) {
            if (!CAPABILITIES.contains(capability)) {
                throw new InvalidRoutingFile(path + ".capabilities: unknown capability '" + capability + "' (known: "
                        + String.join(", ", CAPABILITIES) + ")");
            }
        }
        JsonNode deployments = model.get("deployments");
        if (deployments == null || !deployments.isArray() || deployments.isEmpty()) {
            throw new InvalidRoutingFile(path + ".deployments: a list of at least one deployment is required");
        }
        List<DeploymentRoute> routes = new ArrayList<>();
        for (int i = 0; i < deployments.size(); i++) {
            routes.add(deployment(deployments.get(i), path + ".deployments[" + i + "]", alias, i));
        }
        String strategy = strategy(string(model, "strategy", path), path + ".strategy");
        return new ModelRoute(alias, string(model, "description", path), capabilities,
                integer(model, "context-window", path), input, output, bool(model, "restricted", path, false),
                bool(model, "enabled", path, true), strategy != null ? strategy : defaultStrategy,
                strings(model.get("fallbacks"), path + ".fallbacks"), routes);
    }

    private DeploymentRoute deployment(JsonNode deployment, String path, String alias, int index) {
        onlyKeys(deployment, DEPLOYMENT_KEYS, path);
        String backend = required(deployment, "backend", path);
        if (!BACKENDS.contains(backend)) {
            throw new InvalidRoutingFile(path + ".backend: unknown backend '" + backend + "' (known: "
                    + String.join(", ", BACKENDS) + ")");
        }
        boolean mock = backend.equals("mock");
        String baseUrl = mock ? string(deployment, "base-url", path) : required(deployment, "base-url", path);
        String model = mock ? Optional.ofNullable(string(deployment, "model", path)).orElse(alias)
                : required(deployment, "model", path);
        String id = Optional.ofNullable(string(deployment, "id", path)).orElse(alias + "/" + (index + 1));
        Integer connect = null;
        Integer firstByte = null;
        Integer idle = null;
        JsonNode timeouts = deployment.get("timeouts");
        if (timeouts != null) {
            onlyKeys(timeouts, TIMEOUT_KEYS, path + ".timeouts");
            connect = millis(timeouts, "connect", path + ".timeouts");
            firstByte = millis(timeouts, "first-byte", path + ".timeouts");
            idle = millis(timeouts, "idle", path + ".timeouts");
        }
        Integer weight = integer(deployment, "weight", path);
        return new DeploymentRoute(id, backend, baseUrl, model, weight == null ? 1 : weight,
                string(deployment, "api-key", path), longValue(deployment, "rpm", path),
                longValue(deployment, "tpm", path), connect, firstByte, idle);
    }

    // ---------------------------------------------------------------- LiteLLM's config.yaml

    private List<ModelRoute> liteLlm(JsonNode root) {
        JsonNode routerSettings = root.path("router_settings");
        String strategy = liteLlmStrategy(string(routerSettings, "routing_strategy", "router_settings"));
        Map<String, List<String>> fallbacks = new LinkedHashMap<>();
        liteLlmFallbacks(root.path("litellm_settings").get("fallbacks"), "litellm_settings.fallbacks", fallbacks);
        liteLlmFallbacks(routerSettings.get("fallbacks"), "router_settings.fallbacks", fallbacks);

        JsonNode list = root.get("model_list");
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidRoutingFile("model_list: a list of at least one model is required");
        }
        Map<String, ModelRoute> models = new LinkedHashMap<>();
        Map<String, List<DeploymentRoute>> deployments = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "model_list[" + i + "]";
            JsonNode entry = list.get(i);
            String alias = required(entry, "model_name", path);
            JsonNode params = entry.get("litellm_params");
            if (params == null || !params.isObject()) {
                throw new InvalidRoutingFile(path + ".litellm_params: required");
            }
            JsonNode info = entry.path("model_info");
            List<DeploymentRoute> routes = deployments.computeIfAbsent(alias, key -> new ArrayList<>());
            routes.add(liteLlmDeployment(params, info, path, alias, routes.size()));
            if (!models.containsKey(alias)) {
                models.put(alias, liteLlmModel(alias, params, info, path, strategy, fallbacks.get(alias)));
            }
        }
        List<ModelRoute> routes = new ArrayList<>();
        models.forEach((alias, model) -> routes.add(new ModelRoute(alias, model.description(), model.capabilities(),
                model.contextWindow(), model.inputPricePer1M(), model.outputPricePer1M(), false, true,
                model.strategy(), model.fallbacks(), deployments.get(alias))));
        return routes;
    }

    private DeploymentRoute liteLlmDeployment(JsonNode params, JsonNode info, String path, String alias, int index) {
        String paramsPath = path + ".litellm_params";
        String model = required(params, "model", paramsPath);
        int slash = model.indexOf('/');
        String provider = slash < 0 ? "openai" : model.substring(0, slash);
        String upstreamModel = slash < 0 ? model : model.substring(slash + 1);
        String backend = switch (provider) {
            case "openai", "hosted_vllm", "text-completion-openai" -> "openai";
            case "ollama", "ollama_chat" -> "ollama";
            default -> throw new InvalidRoutingFile(paramsPath + ".model: provider '" + provider
                    + "' is not supported (supported: openai/, hosted_vllm/, text-completion-openai/, ollama/, "
                    + "ollama_chat/, or no prefix for OpenAI)");
        };
        String baseUrl = string(params, "api_base", paramsPath);
        if (baseUrl == null) {
            baseUrl = backend.equals("ollama") ? "http://localhost:11434" : "https://api.openai.com/v1";
        }
        String id = Optional.ofNullable(string(info, "id", path + ".model_info")).orElse(alias + "/" + (index + 1));
        Integer weight = integer(params, "weight", paramsPath);
        return new DeploymentRoute(id, backend, baseUrl, upstreamModel, weight == null ? 1 : weight,
                string(params, "api_key", paramsPath), longValue(params, "rpm", paramsPath),
                longValue(params, "tpm", paramsPath), null, null, null);
    }

    private ModelRoute liteLlmModel(String alias, JsonNode params, JsonNode info, String path, String strategy,
            List<String> fallbacks) {
        String infoPath = path + ".model_info";
        String mode = Optional.ofNullable(string(info, "mode", infoPath)).orElse("chat");
        List<String> capabilities = switch (mode) {
            case "chat" -> List.of("chat", "completions");
            case "completion" -> List.of("completions");
            case "embedding" -> List.of("embeddings");
            default -> throw new InvalidRoutingFile(infoPath + ".mode: '" + mode
                    + "' is not supported (supported: chat, completion, embedding)");
        };
        Integer contextWindow = integer(info, "max_input_tokens", infoPath);
        if (contextWindow == null) {
            contextWindow = integer(info, "max_tokens", infoPath);
        }
        return new ModelRoute(alias, string(info, "description", infoPath), capabilities, contextWindow,
                perMillion(info, params, "input_cost_per_token", path),
                perMillion(info, params, "output_cost_per_token", path), false, true, strategy,
                fallbacks == null ? List.of() : fallbacks, List.of());
    }

    private BigDecimal perMillion(JsonNode info, JsonNode params, String field, String path) {
        BigDecimal perToken = decimal(info, field, path + ".model_info");
        if (perToken.signum() == 0) {
            perToken = decimal(params, field, path + ".litellm_params");
        }
        return perToken.multiply(MILLION).stripTrailingZeros();
    }

    private static String liteLlmStrategy(String strategy) {
        if (strategy == null) {
            return null;
        }
        return switch (strategy) {
            case "simple-shuffle" -> DeploymentPicker.WEIGHTED;
            case "least-busy" -> DeploymentPicker.LEAST_BUSY;
            case "latency-based-routing" -> DeploymentPicker.LOWEST_LATENCY;
            default -> {
                if (DeploymentPicker.STRATEGIES.contains(strategy)) {
                    yield strategy;
                }
                LOG.warnf("routing_strategy '%s' is not supported; using %s", strategy, DeploymentPicker.LEAST_BUSY);
                yield DeploymentPicker.LEAST_BUSY;
            }
        };
    }

    private void liteLlmFallbacks(JsonNode node, String path, Map<String, List<String>> into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw new InvalidRoutingFile(path + ": a list of {model: [fallbacks]} is expected");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                throw new InvalidRoutingFile(path + "[" + i + "]: a mapping {model: [fallbacks]} is expected");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                into.put(field.getKey(), strings(field.getValue(), path + "[" + i + "]." + field.getKey()));
            }
        }
    }

    // ---------------------------------------------------------------- checks across the table

    private static void validate(List<ModelRoute> models) {
        Set<String> aliases = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (ModelRoute model : models) {
            if (!aliases.add(model.alias())) {
                throw new InvalidRoutingFile("model '" + model.alias() + "' is defined twice");
            }
            for (DeploymentRoute deployment : model.deployments()) {
                if (!ids.add(deployment.id())) {
                    throw new InvalidRoutingFile("deployment id '" + deployment.id() + "' is used twice");
                }
                if (deployment.weight() < 1) {
                    throw new InvalidRoutingFile("deployment '" + deployment.id() + "': weight must be at least 1");
                }
                if (deployment.baseUrl() != null && !deployment.baseUrl().matches("(?i)https?://[^/\\s]+.*")) {
                    throw new InvalidRoutingFile("deployment '" + deployment.id()
                            + "': base URL must start with http:// or https:// and name a host");
                }
            }
        }
        for (ModelRoute model : models) {
            for (String fallback : model.fallbacks()) {
                if (!aliases.contains(fallback) || fallback.equals(model.alias())) {
                    throw new InvalidRoutingFile("model '" + model.alias() + "': fallback '" + fallback
                            + "' is not another model of this file");
                }
            }
        }
    }

    // ---------------------------------------------------------------- values

    private static void onlyKeys(JsonNode node, Set<String> allowed, String path) {
        if (!node.isObject()) {
            throw new InvalidRoutingFile((path.isEmpty() ? "the file" : path) + ": a mapping is expected");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new InvalidRoutingFile((path.isEmpty() ? "" : path + ".") + key + ": unknown key (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private String required(JsonNode node, String key, String path) {
        String value = string(node, key, path);
        if (value == null || value.isBlank()) {
            throw new InvalidRoutingFile(path + "." + key + ": required");
        }
        return value;
    }

    private String string(JsonNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new InvalidRoutingFile(path + "." + key + ": a single value is expected");
        }
        return resolve(value.asText(), path + "." + key);
    }

    private List<String> strings(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidRoutingFile(path + ": a list is expected");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            values.add(resolve(item.asText(), path));
        }
        return List.copyOf(values);
    }

    private Integer integer(JsonNode node, String key, String path) {
        Long value = longValue(node, key, path);
        return value == null ? null : Math.toIntExact(value);
    }

    private Long longValue(JsonNode node, String key, String path) {
        String value = string(node, key, path);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRoutingFile(path + "." + key + ": a whole number is expected");
        }
    }

    private BigDecimal decimal(JsonNode node, String key, String path) {
        String value = string(node, key, path);
        if (value == null || value.isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal decimal = new BigDecimal(value.trim());
            if (decimal.signum() < 0) {
                throw new InvalidRoutingFile(path + "." + key + ": must not be negative");
            }
            return decimal;
        } catch (NumberFormatException e) {
            throw new InvalidRoutingFile(path + "." + key + ": a number is expected");
        }
    }

    private boolean bool(JsonNode node, String key, String path, boolean fallback) {
        String value = string(node, key, path);
        if (value == null) {
            return fallback;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidRoutingFile(path + "." + key + ": true or false is expected");
        }
        return Boolean.parseBoolean(value);
    }

    /** A duration like {@code 500ms}, {@code 30s}, {@code 2m}, or a number of milliseconds. */
    private Integer millis(JsonNode node, String key, String path) {
        String value = string(node, key, path);
        if (value == null) {
            return null;
        }
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new InvalidRoutingFile(path + "." + key + ": a duration like 500ms, 30s or 2m is expected");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        Duration duration = switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofMillis(amount);
        };
        return Math.toIntExact(duration.toMillis());
    }

    private String resolve(String value, String path) {
        if (value.startsWith(OS_ENVIRON)) {
            String name = value.substring(OS_ENVIRON.length());
            return lookup.apply(name).orElseThrow(() -> new InvalidRoutingFile(path + ": " + name + " is not set"));
        }
        if (value.indexOf("${") < 0) {
            return value;
        }
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String fallback = matcher.group(2);
            String replacement = lookup.apply(name).or(() -> Optional.ofNullable(fallback))
                    .orElseThrow(() -> new InvalidRoutingFile(path + ": " + name + " is not set and has no default"));
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static String strategy(String strategy, String path) {
        if (strategy != null && !DeploymentPicker.STRATEGIES.contains(strategy)) {
            throw new InvalidRoutingFile(path + ": unknown strategy '" + strategy + "' (known: "
                    + String.join(", ", DeploymentPicker.STRATEGIES) + ")");
        }
        return strategy;
    }
}
