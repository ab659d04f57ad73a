package dev.switchyard.providers.fuzz;

/**
 * The long fuzzing run of docs/reliability.md, outside JUnit so that it can run for hours on a copy of the compiled
 * classes: every door parser and SSE decoder target, each with the budget the {@code switchyard.fuzz.*} system
 * properties give (see {@link Fuzz}), or only the targets named as arguments ({@code chat messages responses gemini
 * chat-stream anthropic-stream gemini-stream accountant}). Exits non-zero, printing the failing input, on the first
 * crash.
 */
public final class LongRun {

    private LongRun() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        DoorParsersFuzzTest doors = new DoorParsersFuzzTest();
        SseDecodersFuzzTest streams = new SseDecodersFuzzTest();
        java.util.Map<String, Runnable> targets = new java.util.LinkedHashMap<>();
        targets.put("chat", doors::chatDoorScanner);
        targets.put("messages", doors::messagesDoor);
        targets.put("responses", doors::responsesDoor);
        targets.put("gemini", doors::geminiDoor);
        targets.put("chat-stream", streams::openAiChatStream);
        targets.put("anthropic-stream", streams::anthropicMessagesStream);
        targets.put("gemini-stream", streams::geminiStream);
        targets.put("accountant", streams::passThroughAccountant);
        java.util.List<String> chosen = args.length == 0 ? java.util.List.copyOf(targets.keySet())
                : java.util.List.of(args);
        for (String name : chosen) {
            java.util.Objects.requireNonNull(targets.get(name), () -> "no fuzz target " + name).run();
        }
        System.out.printf("all targets passed in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }
}
