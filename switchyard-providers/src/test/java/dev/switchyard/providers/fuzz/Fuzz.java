package dev.switchyard.providers.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded, structure-aware fuzzer for plain JUnit (docs/reliability.md, "Fuzzing").
 *
 * <p>Inputs start from valid seed documents of the format under test and are mutated at two levels: in the JSON tree
 * (a value replaced by one of another type or an extreme one, a member dropped, duplicated under an unknown name, an
 * array emptied or repeated, deep nesting, escapes and odd Unicode in strings) and, for one input in four, in the
 * serialised bytes (bits flipped, bytes inserted or dropped, truncated, spliced with another seed). Tree mutations
 * reach the codecs' field checks, which byte noise alone rarely gets past the JSON parser to.
 *
 * <p>A run lasts {@code switchyard.fuzz.seconds} per target (default 5) or {@code switchyard.fuzz.inputs} inputs,
 * whichever comes first; {@code switchyard.fuzz.seed} fixes the seed (default 13, so CI runs are reproducible). A
 * failing input is reported with its seed, index and bytes (base64), so it can be replayed.
 */
public final class Fuzz {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ODD_STRINGS = {"", " ", "\u0000", "\\u002d", "\uD83D\uDE00", "\uD800", "null",
            "true", "1e309", "-0", "user", "assistant", "system", "tool", "model", "function", "text", "image_url",
            "data:image/png;base64,AAAA", "data:;base64,%%%", "http://169.254.169.254/", "\u202E", "a".repeat(300)};
    private static final String[] ODD_KEYS = {"model", "messages", "content", "role", "type", "text", "parts",
            "input", "tools", "tool_choice", "stream", "max_tokens", "system", "contents", "functionCall", "name",
            "arguments", "id", "index", "delta", "choices", "usage", "error", "x_unknown"};

    private static final byte[] NOISE = {'{', '}', '[', ']', '"', ',', ':', '\\', '0', 0, (byte) 0xff, ' ', '\n',
            '\r'};

    private Fuzz() {
    }

    /** How long and how much one target runs, and from which seed. */
    public record Budget(long nanos, long maxInputs, long seed) {

        public static Budget fromSystemProperties() {
            double seconds = Double.parseDouble(System.getProperty("switchyard.fuzz.seconds", "5"));
            long inputs = Long.parseLong(System.getProperty("switchyard.fuzz.inputs", Long.toString(Long.MAX_VALUE)));
            long seed = Long.parseLong(System.getProperty("switchyard.fuzz.seed", "13"));
            return new Budget((long) (seconds * 1e9), inputs, seed);
        }
    }

    /** What a run did. */
    public record Result(String target, long inputs, long accepted, long refused) {
        @Override
        public String toString() {
            return String.format("fuzz %-28s %,12d inputs: %,d accepted, %,d refused with a documented error",
                    target, inputs, accepted, refused);
        }
    }

    /** One input's outcome, as the target reports it. */
    public enum Outcome { ACCEPTED, REFUSED }

    /** The target: returns the outcome, or throws for a crash. */
    @FunctionalInterface
    public interface Target {
        Outcome run(byte[] input, SplittableRandom random) throws Exception;
    }

    /** Runs the target on mutated seeds within the budget; throws AssertionError with the input on a crash. */
    public static Result run(String name, List<JsonNode> seeds, Budget budget, Target target) {
        SplittableRandom random = new SplittableRandom(budget.seed() ^ name.hashCode());
        long deadline = System.nanoTime() + budget.nanos();
        long n = 0;
        long accepted = 0;
        long refused = 0;
        while (n < budget.maxInputs() && ((n & 63) != 0 || System.nanoTime() < deadline)) {
            byte[] input = input(seeds, random);
            try {
                if (target.run(input, random.split()) == Outcome.ACCEPTED) {
                    accepted++;
                } else {
                    refused++;
                }
            } catch (Throwable t) {
                AssertionError e = new AssertionError("fuzz target " + name + " crashed on input " + n + " (seed "
                        + budget.seed() + "), base64 " + Base64.getEncoder().encodeToString(input) + " = "
                        + new String(input, StandardCharsets.UTF_8), t);
                throw e;
            }
            n++;
        }
        Result r = new Result(name, n, accepted, refused);
        System.out.println(r);
        return r;
    }

    /** One input: a mutated seed. */
    public static byte[] input(List<JsonNode> seeds, SplittableRandom random) {
        JsonNode doc = seeds.get(random.nextInt(seeds.size())).deepCopy();
        int treeMutations = random.nextInt(4);
        for (int i = 0; i < treeMutations; i++) {
            doc = mutateTree(doc, random);
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (random.nextInt(4) == 0) {
            bytes = mutateBytes(bytes, seeds, random);
        }
        return bytes;
    }

    /** A tree with one random node replaced, dropped or reshaped. */
    public static JsonNode mutateTree(JsonNode root, SplittableRandom random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return randomValue(random, 2);
        }
        JsonNode c = containers.get(random.nextInt(containers.size()));
        if (c instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            int op = random.nextInt(5);
            if (names.isEmpty() || op == 0) {
                o.set(ODD_KEYS[random.nextInt(ODD_KEYS.length)], randomValue(random, 2));
            } else {
                String name = names.get(random.nextInt(names.size()));
                switch (op) {
                    case 1 -> o.remove(name);
                    case 2 -> o.set(name, randomValue(random, 2));
                    case 3 -> o.set(name, wrap(o.get(name), random));
                    default -> o.set(name, retype(o.get(name), random));
                }
            }
        } else if (c instanceof ArrayNode a) {
            int op = random.nextInt(4);
            if (a.isEmpty() || op == 0) {
                a.add(randomValue(random, 2));
            } else {
                int i = random.nextInt(a.size());
                switch (op) {
                    case 1 -> a.remove(i);
                    case 2 -> a.set(i, randomValue(random, 2));
                    default -> {
                        for (int k = random.nextInt(3); k >= 0; k--) {
                            a.add(a.get(i).deepCopy());
                        }
                    }
                }
            }
        }
        return root;
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    private static JsonNode wrap(JsonNode v, SplittableRandom random) {
        if (random.nextBoolean()) {
            ArrayNode a = NODES.arrayNode();
            a.add(v);
            return a;
        }
        ObjectNode o = NODES.objectNode();
        o.set(ODD_KEYS[random.nextInt(ODD_KEYS.length)], v);
        return o;
    }

    private static JsonNode retype(JsonNode v, SplittableRandom random) {
        if (v.isTextual()) {
            return random.nextBoolean() ? NODES.numberNode(v.asText().length()) : NODES.arrayNode().add(v);
        }
        if (v.isNumber()) {
            return random.nextBoolean() ? NODES.textNode(v.asText()) : NODES.numberNode(-v.asDouble() * 1e300);
        }
        if (v.isArray()) {
            return v.isEmpty() ? NODES.objectNode() : v.get(0);
        }
        if (v.isObject()) {
            return NODES.textNode(v.toString());
        }
        return randomValue(random, 1);
    }

    /** A random JSON value, nested up to {@code depth}. */
    public static JsonNode randomValue(SplittableRandom random, int depth) {
        return switch (random.nextInt(depth > 0 ? 10 : 7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(switch (random.nextInt(6)) {
                case 0 -> 0L;
                case 1 -> -1L;
                case 2 -> Long.MAX_VALUE;
                case 3 -> Long.MIN_VALUE;
                default -> random.nextLong(1000);
            });
            case 3 -> NODES.numberNode(random.nextBoolean() ? 1e308 * 10 : random.nextDouble() * 2 - 1);
            case 4, 5 -> NODES.textNode(ODD_STRINGS[random.nextInt(ODD_STRINGS.length)]);
            case 6 -> NODES.textNode(randomString(random));
            case 7 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(randomValue(random, depth - 1));
                }
                yield a;
            }
            case 8 -> {
                JsonNode deep = NODES.textNode("deep");
                for (int i = random.nextInt(1, 80); i > 0; i--) {
                    deep = NODES.arrayNode().add(deep);
                }
                yield deep;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    o.set(ODD_KEYS[random.nextInt(ODD_KEYS.length)], randomValue(random, depth - 1));
                }
                yield o;
            }
        };
    }

    private static String randomString(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            b.append((char) (random.nextBoolean() ? random.nextInt(32, 127) : random.nextInt(0, 0xFFFF)));
        }
        return b.toString();
    }

    /** Byte-level noise: flips, insertions, deletions, truncation, splicing. */
    public static byte[] mutateBytes(byte[] in, List<JsonNode> seeds, SplittableRandom random) {
        List<Byte> b = new ArrayList<>(in.length + 8);
        for (byte x : in) {
            b.add(x);
        }
        for (int k = random.nextInt(1, 4); k > 0; k--) {
            int op = random.nextInt(5);
            int at = b.isEmpty() ? 0 : random.nextInt(b.size());
            switch (op) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        b.set(at, (byte) (b.get(at) ^ (1 << random.nextInt(8))));
                    }
                }
                case 1 -> b.add(at, NOISE[random.nextInt(NOISE.length)]);
                case 2 -> {
                    if (!b.isEmpty()) {
                        b.remove(at);
                    }
                }
                case 3 -> {
                    while (b.size() > at) {
                        b.remove(b.size() - 1);
                    }
                }
                default -> {
                    byte[] other = seeds.get(random.nextInt(seeds.size())).toString().getBytes(StandardCharsets.UTF_8);
                    int from = random.nextInt(other.length);
                    for (int i = from; i < Math.min(other.length, from + 16); i++) {
                        b.add(Math.min(at, b.size()), other[i]);
                    }
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    /** Parses seed documents. */
    public static List<JsonNode> seeds(String... json) {
        List<JsonNode> out = new ArrayList<>();
        for (String s : json) {
            try {
                out.add(JSON.readTree(s));
            } catch (Exception e) {
                throw new IllegalArgumentException(s, e);
            }
        }
        return out;
    }

    /** Splits bytes into random chunks, as network reads would. */
    public static void chunks(byte[] bytes, SplittableRandom random, Consumer<byte[]> sink) {
        int i = 0;
        while (i < bytes.length) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(random.nextBoolean() ? 8 : 256));
            byte[] c = new byte[n];
            System.arraycopy(bytes, i, c, 0, n);
            sink.accept(c);
            i += n;
        }
    }
}
