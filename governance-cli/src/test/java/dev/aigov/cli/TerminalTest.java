package dev.aigov.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTest {
    @Test
    void colourIsAddedOnlyAtATerminal() {
        assertThat(new Terminal(true).colour("31", "high")).isEqualTo("\u001b[31mhigh\u001b[0m");
        assertThat(new Terminal(false).colour("31", "high")).isEqualTo("high");
    }

    @Test
    void progressWritesNothingWhenNotATerminal() {
        StringWriter err = new StringWriter();
        try (Terminal.Progress progress = new Terminal(false).progress(new PrintWriter(err, true), "scanning")) {
            progress.step();
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void progressThatEndsBeforeItsDelayLeavesNoTrace() {
        StringWriter err = new StringWriter();
        try (Terminal.Progress progress = new Terminal(true).progress(new PrintWriter(err, true), "scanning")) {
            progress.step();
        }
        assertThat(err.toString()).isEmpty();
    }
}
