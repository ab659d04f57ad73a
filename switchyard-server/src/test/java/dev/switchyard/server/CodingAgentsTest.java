package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.simulator.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four coding agents, unmodified, driven non-interactively through the gateway to the simulator: Claude Code on
 * {@code /v1/messages}, Codex CLI on {@code /v1/responses}, Gemini CLI on {@code /v1beta} and Qwen Code on
 * {@code /v1/chat/completions}, each on a model of every provider protocol (OpenAI Chat, Anthropic Messages, Gemini),
 * for a one-shot turn and a turn with a tool call. The agents always stream.
 *
 * <p>Each agent is the pinned npm package ({@link AgentInstall}, installed once per machine), run with {@code HOME}
 * in a fresh temporary folder and its settings exactly as {@code docs/agents.md} shows them, and killed if it runs
 * longer than {@link #AGENT_LIMIT}. The tool turn scripts the simulator to call the agent's own file-reading tool on
 * a file holding a sentinel, and to answer once the tool result is back: the test then finds the sentinel in a later
 * upstream request (the tool result went round through the gateway's translation) and the agent's final words in its
 * output. The ledger's daily rollup shows the requests.
 */
class CodingAgentsTest {

    static final Duration AGENT_LIMIT = Duration.ofSeconds(120);
    static final String KEY = "agent-test-key";
    /** The test models' output cap: agents that ask for more by default are told to ask for this. */
    static final String MAX_OUTPUT = "4000";

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass(b -> b.maxBodyBytes(8 * 1024 * 1024)
            .deadline("first_byte", Duration.ofSeconds(30)).deadline("idle", Duration.ofSeconds(30))
            .deadline("total", Duration.ofSeconds(60)));

    /** One coding agent: its package, how it is configured and how it is run for one prompt. */
    enum Agent {
        CLAUDE_CODE(new AgentInstall("@anthropic-ai/claude-code", "2.1.332", "claude"), "Read") {
            @Override
            Map<String, String> env(Path home, String base, String model) {
                return Map.of("ANTHROPIC_BASE_URL", base, "ANTHROPIC_AUTH_TOKEN", KEY, "ANTHROPIC_MODEL", model,
                        "ANTHROPIC_DEFAULT_HAIKU_MODEL", model, "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
                        "CLAUDE_CODE_MAX_OUTPUT_TOKENS", MAX_OUTPUT);
            }

            @Override
            List<String> args(String prompt, String model) {
                return List.of("-p", prompt, "--allowedTools", "Read");
            }

            @Override
            String readArguments(Path file) {
                return "{\"file_path\":\"" + file + "\"}";
            }
        },
        CODEX(new AgentInstall("@openai/codex", "0.171.0", "codex"), "exec_command") {
            @Override
            void configure(Path home, String base, String model) throws IOException {
                Path dir = Files.createDirectories(home.resolve(".codex"));
                Files.writeString(dir.resolve("config.toml"), """
                        model = "%s"
                        model_provider = "switchyard"

                        [model_providers.switchyard]
                        name = "Switchyard"
                        base_url = "%s/v1"
                        env_key = "SWITCHYARD_KEY"
                        wire_api = "responses"
                        """.formatted(model, base));
            }

            @Override
            Map<String, String> env(Path home, String base, String model) {
                return Map.of("SWITCHYARD_KEY", KEY);
            }

            @Override
            List<String> args(String prompt, String model) {
                return List.of("exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox",
                        prompt);
            }

            @Override
            String readArguments(Path file) {
                return "{\"cmd\":\"cat " + file + "\"}";
            }
        },
        GEMINI_CLI(new AgentInstall("@google/gemini-cli", "0.61.0", "gemini"), "read_file") {
            @Override
            void configure(Path home, String base, String model) throws IOException {
                Path dir = Files.createDirectories(home.resolve(".gemini"));
                Files.writeString(dir.resolve("settings.json"), """
                        {"security": {"auth": {"selectedType": "gemini-api-key"}},
                         "privacy": {"usageStatisticsEnabled": false},
                         "telemetry": {"enabled": false},
                         "general": {"enableAutoUpdate": false}}
                        """);
            }

            @Override
            Map<String, String> env(Path home, String base, String model) {
                return Map.of("GOOGLE_GEMINI_BASE_URL", base, "GEMINI_API_KEY", KEY, "GEMINI_CLI_TRUST_WORKSPACE", "true");
            }

            @Override
            List<String> args(String prompt, String model) {
                return List.of("-m", model, "-p", prompt);
            }

            @Override
            String readArguments(Path file) {
                return "{\"absolute_path\":\"" + file + "\",\"file_path\":\"" + file + "\"}";
            }
        },
        QWEN_CODE(new AgentInstall("@qwen-code/qwen-code", "0.24.4", "qwen"), "read_file") {
            @Override
            void configure(Path home, String base, String model) throws IOException {
                Path dir = Files.createDirectories(home.resolve(".qwen"));
                Files.writeString(dir.resolve("settings.json"), """
                        {"privacy": {"usageStatisticsEnabled": false},
                         "telemetry": {"enabled": false},
                         "general": {"enableAutoUpdate": false}}
                        """);
            }

            @Override
            Map<String, String> env(Path home, String base, String model) {
                return Map.of("OPENAI_BASE_URL", base + "/v1", "OPENAI_API_KEY", KEY, "OPENAI_MODEL", model,
                        "QWEN_CODE_MAX_OUTPUT_TOKENS", MAX_OUTPUT);
            }

            @Override
            List<String> args(String prompt, String model) {
                return List.of("-p", prompt);
            }

            @Override
            String readArguments(Path file) {
                return "{\"absolute_path\":\"" + file + "\",\"file_path\":\"" + file + "\"}";
            }
        };

        final AgentInstall install;
        final String readTool;

        Agent(AgentInstall install, String readTool) {
            this.install = install;
            this.readTool = readTool;
        }

        /** Writes the agent's settings files under {@code home}. */
        void configure(Path home, String base, String model) throws IOException {
        }

        abstract Map<String, String> env(Path home, String base, String model);

        abstract List<String> args(String prompt, String model);

        /** The arguments of a call of {@link #readTool} that reads {@code file}. */
        abstract String readArguments(Path file);
    }

    /** A catalog model of each provider protocol, and the model name the simulator sees. */
    enum Upstream {
        OPENAI_CHAT("test/echo", "sim-echo"),
        ANTHROPIC("test/claude", "sim-claude"),
        GEMINI("test/gem", "sim-gem");

        final String model;
        final String simModel;

        Upstream(String model, String simModel) {
            this.model = model;
            this.simModel = simModel;
        }
    }

    static Stream<Arguments> agentsAndProtocols() {
        List<Arguments> all = new ArrayList<>();
        for (Agent a : Agent.values()) {
            for (Upstream u : Upstream.values()) {
                all.add(Arguments.of(a, u));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on {1}: one-shot")
    @MethodSource("agentsAndProtocols")
    void oneShotTurn(Agent agent, Upstream upstream) throws IOException {
        String words = "Switchyard relayed this answer for " + agent.name().toLowerCase() + " oneshot"
                + upstream.ordinal();
        gw.simulator.clearScripts();
        gw.simulator.script(upstream.simModel, Script.builder().text(words).build());
        long before = requestsToday(upstream.model);

        Run run = run(agent, upstream, "Say hello.");

        assertThat(run.result.exitCode()).as(run.describe()).isZero();
        assertThat(run.result.output()).as(run.describe()).contains(words);
        assertThat(run.upstreamBodies()).as(run.describe()).isNotEmpty();
        TestGateway.await("the ledger's rollup counts the agent's requests",
                () -> requestsToday(upstream.model) >= before + run.upstreamBodies().size());
    }

    @ParameterizedTest(name = "{0} on {1}: tool call")
    @MethodSource("agentsAndProtocols")
    void toolCallRoundTrip(Agent agent, Upstream upstream) throws IOException {
        String sentinel = "sentinel-" + agent.name().toLowerCase() + "-" + upstream.ordinal() + "-4711";
        String words = "The notes say the sentinel is there, from " + agent.name().toLowerCase() + " tool"
                + upstream.ordinal();
        long before = requestsToday(upstream.model);
        Run run = run(agent, upstream, "Read notes.txt and tell me what it says.", work -> {
            Path notes = work.resolve("notes.txt");
            Files.writeString(notes, sentinel + "\n");
            gw.simulator.clearScripts();
            gw.simulator.script(upstream.simModel, Script.builder()
                    .thinking("The user wants the notes read, so I call the tool.") // reasoning round trip too
                    .toolCall(agent.readTool, agent.readArguments(notes))
                    .afterToolResult(Script.builder().text(words).build())
                    .build());
        });

        assertThat(run.result.exitCode()).as(run.describe()).isZero();
        assertThat(run.result.output()).as(run.describe()).contains(words);
        // the tool call went out first, and the file's contents came back upstream in a later request
        List<String> bodies = run.upstreamBodies();
        assertThat(bodies).as(run.describe()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(bodies.get(0)).as(run.describe()).doesNotContain(sentinel);
        assertThat(bodies).as(run.describe()).anySatisfy(b -> assertThat(b).contains(sentinel));
        TestGateway.await("the ledger's rollup counts the agent's requests",
                () -> requestsToday(upstream.model) >= before + bodies.size());
    }

    private Run run(Agent agent, Upstream upstream, String prompt) throws IOException {
        return run(agent, upstream, prompt, work -> {
        });
    }

    /** Something to do in the agent's working folder before it starts. */
    interface Prepare {
        void in(Path work) throws IOException;
    }

    private Run run(Agent agent, Upstream upstream, String prompt, Prepare prepare) throws IOException {
        Path command = agent.install.command();
        Path home = Files.createTempDirectory("agent-home");
        Path work = Files.createDirectories(home.resolve("work"));
        prepare.in(work);
        agent.configure(home, gw.baseUrl(), upstream.model);
        Map<String, String> env = new HashMap<>(agent.env(home, gw.baseUrl(), upstream.model));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("CI", "1");
        env.put("NO_COLOR", "1");
        List<String> cmd = new ArrayList<>();
        cmd.add(command.toString());
        cmd.addAll(agent.args(prompt, upstream.model));
        int seen = gw.simulator.recentRequests().size();
        AgentProcess.Result result = AgentProcess.run(cmd, work, env, AGENT_LIMIT, home.resolve("agent.log"));
        List<String> all = gw.simulator.recentRequests();
        return new Run(agent, upstream, result, all.subList(Math.min(seen, all.size()), all.size()));
    }

    /** One agent run: what it printed, and the requests the simulator received meanwhile. */
    record Run(Agent agent, Upstream upstream, AgentProcess.Result result, List<String> upstreamBodies) {

        String describe() {
            StringBuilder s = new StringBuilder(agent + " on " + upstream + " exited " + result.exitCode()
                    + "; its output:\n" + result.tail() + "\nupstream requests (" + upstreamBodies.size() + "):");
            for (String b : upstreamBodies) {
                s.append("\n  ").append(b.length() > 1500 ? b.substring(0, 700) + " … " + b.substring(b.length() - 700)
                        : b);
            }
            return s.toString();
        }
    }

    private long requestsToday(String model) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode rows = TestGateway.json(gw.adminGet("/api/v1/activity?date=" + today).body()).path("data");
        long n = 0;
        for (JsonNode r : rows) {
            if (r.path("model").asText().equals(model)) {
                n += r.path("requests").asLong();
            }
        }
        return n;
    }
}
