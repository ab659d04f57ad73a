package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A script's {@code after_tool_result}: read on top of its own script, without the tool call. */
class AfterToolResultScriptTest {

    @Test
    void theAnswerAfterTheToolResultKeepsTheRestOfTheScriptButNotTheCall() throws Exception {
        Script s = Script.fromJson(new ObjectMapper().readTree("""
                {"thinking": "hmm", "tool_call": {"name": "Read", "arguments": {"file_path": "/x"}},
                 "after_tool_result": {"text": "done"}}"""), Script.DEFAULT);
        assertThat(s.tool()).contains("Read");
        Script after = s.afterToolResult().orElseThrow();
        assertThat(after.tool()).isEmpty();
        assertThat(after.text()).isEqualTo("done");
        assertThat(after.thinking()).isEqualTo("hmm");
        assertThat(after.afterToolResult()).isEmpty();
        assertThat(Script.DEFAULT.afterToolResult()).isEmpty();
    }
}
