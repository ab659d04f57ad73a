package dev.switchyard.providers.fuzz;

/**
 * The long fuzzing run of docs/reliability.md, outside JUnit so that it can run for hours on a copy of the compiled
 * classes: every door parser and SSE decoder target, each with the budget the {@code switchyard.fuzz.*} system
 * properties give (see {@link Fuzz}). Exits non-zero, printing the failing input, on the first crash.
 */
public final class LongRun {

    private LongRun() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        DoorParsersFuzzTest doors = new DoorParsersFuzzTest();
        SseDecodersFuzzTest streams = new SseDecodersFuzzTest();
        doors.chatDoorScanner();
        doors.messagesDoor();
        doors.responsesDoor();
        doors.geminiDoor();
        streams.openAiChatStream();
        streams.anthropicMessagesStream();
        streams.geminiStream();
        streams.passThroughAccountant();
        System.out.printf("all targets passed in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }
}
