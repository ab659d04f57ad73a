package dev.switchyard.providers.openai;

import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.providers.deepseek.DeepSeekDialect;
import dev.switchyard.providers.glm.GlmDialect;
import dev.switchyard.providers.kimi.KimiDialect;
import dev.switchyard.providers.qwen.QwenDialect;
import java.util.Map;

/** Picks a provider's {@link ChatDialect} by its catalog id; unknown providers get the standard dialect. */
public final class ChatDialects {

    private static final Map<String, ChatDialect> BY_PROVIDER = Map.of(
            "openai", new OpenAiDialect(),
            "deepseek", new DeepSeekDialect(),
            "dashscope", new QwenDialect(),
            "moonshot", new KimiDialect(),
            "zai", new GlmDialect());

    private ChatDialects() {
    }

    public static ChatDialect of(ProviderSpec provider) {
        return BY_PROVIDER.getOrDefault(provider.id(), ChatDialect.STANDARD);
    }
}
