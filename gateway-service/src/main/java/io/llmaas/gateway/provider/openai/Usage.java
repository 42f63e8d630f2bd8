package io.llmaas.gateway.provider.openai;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.llmaas.gateway.Exchange;

/** Reads an OpenAI {@code usage} object into the exchange's token counts. */
final class Usage {

    private Usage() {
    }

    /** {@code json} is on the usage object's START_OBJECT; it is left on its END_OBJECT. */
    static void read(JsonParser json, Exchange exchange) throws IOException {
        long prompt = -1;
        long completion = -1;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (value == JsonToken.VALUE_NUMBER_INT && "prompt_tokens".equals(field)) {
                prompt = json.getLongValue();
            } else if (value == JsonToken.VALUE_NUMBER_INT && "completion_tokens".equals(field)) {
                completion = json.getLongValue();
            } else {
                json.skipChildren();
            }
        }
        // Embeddings report prompt tokens only: nothing was generated.
        exchange.usage(prompt, completion < 0 && prompt >= 0 ? 0 : completion);
    }
}
