package dev.aigov.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/cli.md is the commands' own help, generated from the picocli model: this test fails when the two drift.
 * Regenerate with {@code -Daigov.regenerateDocs=true} (see {@link #REGENERATE}).
 */
class CliReferenceTest {
    static final String REGENERATE = "./mvnw -B -ntp -o -q -pl governance-cli -am test -Dtest=CliReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Daigov.regenerateDocs=true";
    private static final Path DOC = Path.of(System.getProperty("aigov.checkout", ".."), "docs", "cli.md");

    static String reference() {
        StringBuilder toc = new StringBuilder();
        StringBuilder body = new StringBuilder();
        append(Main.commandLine(), toc, body);
        return "# CLI reference\n\n"
                + "Every command's `--help`, generated from the commands themselves (`CliReferenceTest` fails when this page\n"
                + "and the code disagree). After changing a command, regenerate it with\n"
                + "`" + REGENERATE + "`.\n\n"
                + toc + "\n" + body;
    }

    private static void append(CommandLine command, StringBuilder toc, StringBuilder body) {
        String name = command.getCommandSpec().qualifiedName();
        toc.append("- [").append(name).append("](#").append(name.replace(' ', '-')).append(")\n");
        body.append("## ").append(name).append("\n\n```text\n")
                .append(command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n\n");
        for (CommandLine sub : command.getSubcommands().values().stream().distinct().toList()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                append(sub, toc, body);
            }
        }
    }

    private static final Path USAGE = Path.of("src/main/resources/dev/aigov/cli/usage");

    /** What {@code aigov [COMMAND] --help} prints, for the launcher to print without building the CLI. */
    static java.util.Map<String, String> usageTexts() {
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        texts.put("aigov", CliRun.of("--help").out());
        for (String command : Main.COMMANDS.keySet()) {
            texts.put("aigov-" + command, CliRun.of(command, "--help").out());
        }
        return texts;
    }

    @Test
    void theLaunchersUsageTextsAreTheCommandsOwn() throws Exception {
        for (java.util.Map.Entry<String, String> text : usageTexts().entrySet()) {
            Path file = USAGE.resolve(text.getKey() + ".txt");
            if (Boolean.getBoolean("aigov.regenerateDocs")) {
                Files.createDirectories(USAGE);
                Files.writeString(file, text.getValue(), StandardCharsets.UTF_8);
            }
            assertThat(file).as("stale usage text; regenerate: " + REGENERATE).exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(file + " is stale; regenerate: " + REGENERATE)
                    .isEqualTo(text.getValue()).contains("Usage: " + text.getKey().replace('-', ' '));
        }
    }

    @Test
    void docsCliMdIsTheCommandsOwnHelp() throws Exception {
        String expected = reference();
        if (Boolean.getBoolean("aigov.regenerateDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/cli.md is stale; regenerate: " + REGENERATE).exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).as("docs/cli.md is stale; regenerate: " + REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void execAndReapHelpShowTheirExitCodesAndEveryVariableExecSets() {
        String exec = CliRun.of("exec", "--help").out();
        assertThat(exec).contains("Exit codes:", "128+S", "127", "AIGOV_ID_TOKEN", "AIGOV_ID_TOKEN_FILE", "VAULT_TOKEN",
                "VAULT_ADDR", "VAULT_NAMESPACE", "AIGOV_<FIELD>", "else 'local'").doesNotContain("generated");
        String reap = CliRun.of("reap", "--help").out();
        assertThat(reap).contains("Exit codes:", "0   Every outstanding handle", "1   At least one could not be revoked");
    }

    @Test
    void theCredentialsPageSaysWhatExecDoes() throws Exception {
        String page = Files.readString(DOC.resolveSibling("credentials.md"), StandardCharsets.UTF_8);
        assertThat(page).contains("else `local#local`", "`--request FILE`")
                .doesNotContain("no\napproval source yet").doesNotContain("approval source yet").doesNotContain("a generated id");
    }
}
