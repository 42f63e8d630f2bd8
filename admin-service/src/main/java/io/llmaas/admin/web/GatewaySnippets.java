package io.llmaas.admin.web;

import java.util.List;
import java.util.regex.Pattern;

/** Code that calls the gateway with the OpenAI SDKs and curl, for the "Call the gateway" page. */
public final class GatewaySnippets {

    /** One example; {@code id} names it in the page. */
    public record Snippet(String id, String title, String code) {
    }

    public static final String PLACEHOLDER_MODEL = "llama3-8b";

    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/\\-]{0,127}");

    private GatewaySnippets() {
    }

    /** Whether a model name can be put into the examples as it is. */
    public static boolean isValidModel(String model) {
        return model != null && MODEL.matcher(model).matches();
    }

    /** The gateway's OpenAI base URL: the configured gateway URL with {@code /v1}. */
    public static String baseUrl(String gatewayUrl) {
        String trimmed = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        return trimmed.endsWith("/v1") ? trimmed : trimmed + "/v1";
    }

    public static List<Snippet> forModel(String baseUrl, String model) {
        return List.of(
                new Snippet("curl", "curl", """
                        curl -s %s/chat/completions \\
                          -H "Authorization: Bearer $LLMAAS_API_KEY" \\
                          -H "Content-Type: application/json" \\
                          -d '{"model": "%s", "messages": [{"role": "user", "content": "Hello!"}]}'"""
                        .formatted(baseUrl, model)),
                new Snippet("python", "Python (openai)", """
                        import os
                        from openai import OpenAI

                        client = OpenAI(base_url="%s", api_key=os.environ["LLMAAS_API_KEY"])
                        response = client.chat.completions.create(
                            model="%s",
                            messages=[{"role": "user", "content": "Hello!"}],
                        )
                        print(response.choices[0].message.content)""".formatted(baseUrl, model)),
                new Snippet("javascript", "JavaScript (openai)", """
                        import OpenAI from "openai";

                        const client = new OpenAI({ baseURL: "%s", apiKey: process.env.LLMAAS_API_KEY });
                        const response = await client.chat.completions.create({
                          model: "%s",
                          messages: [{ role: "user", content: "Hello!" }],
                        });
                        console.log(response.choices[0].message.content);""".formatted(baseUrl, model)));
    }
}
