package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The four front doors as an application with an API key calls them: each door's request body, the place its SDK puts
 * the key, and its own error envelope. The accounts tests run the same case through every door with it.
 */
enum KeyedDoor {

    /** OpenAI Chat Completions, key as {@code Authorization: Bearer}. */
    CHAT("test/echo") {
        @Override
        String path(String model) {
            return "/v1/chat/completions";
        }

        @Override
        String body(String model, long maxTokens) {
            return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        }

        @Override
        String[] keyHeader(String key) {
            return new String[] {"authorization", "Bearer " + key};
        }
    },
    /** Anthropic Messages, key as {@code x-api-key}. */
    MESSAGES("test/echo") {
        @Override
        String path(String model) {
            return "/v1/messages";
        }

        @Override
        String body(String model, long maxTokens) {
            return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        }

        @Override
        String[] keyHeader(String key) {
            return new String[] {"x-api-key", key, "anthropic-version", "2023-06-01"};
        }
    },
    /** OpenAI Responses, key as {@code Authorization: Bearer}. */
    RESPONSES("test/echo") {
        @Override
        String path(String model) {
            return "/v1/responses";
        }

        @Override
        String body(String model, long maxTokens) {
            return "{\"model\":\"" + model + "\",\"input\":\"hello\",\"max_output_tokens\":" + maxTokens
                    + ",\"store\":false}";
        }

        @Override
        String[] keyHeader(String key) {
            return new String[] {"authorization", "Bearer " + key};
        }
    },
    /** Gemini generateContent, key as {@code x-goog-api-key}. */
    GEMINI("test/gem") {
        @Override
        String path(String model) {
            return "/v1beta/models/" + model + ":generateContent";
        }

        @Override
        String body(String model, long maxTokens) {
            return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello\"}]}],"
                    + "\"generationConfig\":{\"maxOutputTokens\":" + maxTokens + "}}";
        }

        @Override
        String[] keyHeader(String key) {
            return new String[] {"x-goog-api-key", key};
        }
    };

    /** The model this door is normally called with (one each provider protocol can serve). */
    final String model;

    KeyedDoor(String model) {
        this.model = model;
    }

    abstract String path(String model);

    abstract String body(String model, long maxTokens);

    /** The headers that carry the key, as name, value, name, value. */
    abstract String[] keyHeader(String key);

    /** A call with this door's usual model and 16 output tokens; a null key sends none. */
    HttpResponse<String> call(TestGateway gw, String key) {
        return call(gw, key, model, 16);
    }

    /** A call; a null key sends none; extra headers as name, value, name, value. */
    HttpResponse<String> call(TestGateway gw, String key, String model, long maxTokens, String... extra) {
        return gw.post(path(model), body(model, maxTokens), headers(key, extra));
    }

    String[] headers(String key, String... extra) {
        List<String> h = new ArrayList<>(List.of(key == null ? new String[0] : keyHeader(key)));
        h.addAll(List.of(extra));
        return h.toArray(String[]::new);
    }

    /** Whether the door answers in OpenAI's error envelope (and so carries {@code code} and {@code metadata}). */
    boolean openAiEnvelope() {
        return this == CHAT || this == RESPONSES;
    }

    /**
     * Asserts that the answer is an error with that status in this door's own envelope and type, and returns the
     * error object ({@code error} of the body).
     */
    JsonNode assertError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as("%s: %s", this, r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = TestGateway.json(r.body());
        JsonNode error = body.path("error");
        assertThat(error.path("message").asText()).as(r.body()).isNotBlank();
        switch (this) {
            case CHAT, RESPONSES -> assertThat(error.path("type").asText()).as(r.body()).isEqualTo(switch (status) {
                case 401 -> "authentication_error";
                case 402 -> "insufficient_quota";
                case 403 -> "permission_error";
                case 429 -> "rate_limit_error";
                default -> "invalid_request_error";
            });
            case MESSAGES -> {
                assertThat(body.path("type").asText()).as(r.body()).isEqualTo("error");
                assertThat(error.path("type").asText()).as(r.body()).isEqualTo(switch (status) {
                    case 401 -> "authentication_error";
                    case 402 -> "billing_error";
                    case 403 -> "permission_error";
                    case 429 -> "rate_limit_error";
                    default -> "invalid_request_error";
                });
            }
            case GEMINI -> {
                assertThat(error.path("code").asInt()).as(r.body()).isEqualTo(status);
                assertThat(error.path("status").asText()).as(r.body()).isEqualTo(switch (status) {
                    case 401 -> "UNAUTHENTICATED";
                    case 402, 429 -> "RESOURCE_EXHAUSTED";
                    case 403 -> "PERMISSION_DENIED";
                    default -> "INVALID_ARGUMENT";
                });
            }
        }
        return error;
    }

    /** Asserts a successful answer with some text in it. */
    void assertServed(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("%s: %s", this, r.body()).isEqualTo(200);
        JsonNode body = TestGateway.json(r.body());
        String text = switch (this) {
            case CHAT -> body.path("choices").path(0).path("message").path("content").asText();
            case MESSAGES -> body.path("content").path(0).path("text").asText();
            case RESPONSES -> String.join("", body.path("output").findValuesAsText("text"));
            case GEMINI -> body.path("candidates").path(0).path("content").path("parts").path(0).path("text")
                    .asText();
        };
        assertThat(text).as(r.body()).isNotBlank();
    }
}
