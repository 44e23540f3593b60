package dev.aigov.provenance;

import dev.aigov.policy.AttributionAdditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Every marker kind and every trap of design §4, each on a commit of a real repository read back through git. */
class ProvenanceDetectorTest {
    @TempDir
    Path tmp;

    private final ProvenanceDetector detector = ProvenanceDetector.builtIn();

    /** Commits {@code spec} (plus a changed file) to a fresh repository, reads it back with git and detects. */
    private Attribution detect(ProvenanceDetector with, UnaryOperator<TestRepo.CommitBuilder> spec, String aiNote) throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        String id = spec.apply(repo.commit().file("src/App.java", "class App {}\n")).create();
        if (aiNote != null) {
            repo.note("ai", id, aiNote);
        }
        Commit commit = GitChangeSource.open(repo.dir(), "HEAD").commits().get(0);
        assertThat(commit.id()).isEqualTo(id);
        return with.detect(commit);
    }

    private Attribution detect(UnaryOperator<TestRepo.CommitBuilder> spec) throws Exception {
        return detect(detector, spec, null);
    }

    private Attribution message(String message) throws Exception {
        return detect(c -> c.message(message));
    }

    private static void assertAi(Attribution attribution, Confidence confidence, String tool, String source) {
        assertThat(attribution.aiAttributed()).as("aiAttributed %s", attribution).isTrue();
        assertThat(attribution.confidence()).as("confidence %s", attribution).isEqualTo(confidence);
        assertThat(attribution.tools()).contains(tool);
        assertThat(attribution.evidence()).extracting(AttributionEvidence::source).contains(source);
    }

    private static void assertNotAi(Attribution attribution) {
        assertThat(attribution.aiAttributed()).as("aiAttributed %s", attribution).isFalse();
        assertThat(attribution.confidence()).isEqualTo(Confidence.NONE);
        assertThat(attribution.evidence()).isEmpty();
        assertThat(attribution.tools()).isEmpty();
    }

    // -- agent identities -------------------------------------------------------------------------------------

    @Test
    void copilotCodingAgentAuthorIsHighConfidence() throws Exception {
        Attribution found = detect(c -> c.author("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com"));

        assertAi(found, Confidence.HIGH, "github-copilot", "author");
        assertThat(found.evidence()).containsExactly(new AttributionEvidence("author",
                "copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>", "github-copilot"));
    }

    @Test
    void claudeBotAuthorWhoseIdAndLoginAgreeIsHighConfidence() throws Exception {
        assertAi(detect(c -> c.by("claude[bot]", "209825114+claude[bot]@users.noreply.github.com")),
                Confidence.HIGH, "claude-code", "author");
    }

    @Test
    void cursorAgentIdentityIsHighConfidence() throws Exception {
        Attribution found = detect(c -> c.author("Cursor Agent", "cursoragent@cursor.com"));

        assertAi(found, Confidence.HIGH, "cursor", "author");
        assertThat(found.tools()).containsExactly("cursor");
    }

    @ParameterizedTest(name = "{0} is {2}")
    @CsvSource({
            "devin-ai-integration[bot], 158243242+devin-ai-integration[bot]@users.noreply.github.com, devin",
            "google-labs-jules[bot], 161369871+google-labs-jules[bot]@users.noreply.github.com, google-jules",
            "chatgpt-codex-connector[bot], 199175422+chatgpt-codex-connector[bot]@users.noreply.github.com, openai-codex",
            "amazon-q-developer[bot], 208079219+amazon-q-developer[bot]@users.noreply.github.com, amazon-q",
            "gemini-code-assist[bot], 176961590+gemini-code-assist[bot]@users.noreply.github.com, gemini",
            "factory-droid[bot], 138933559+factory-droid[bot]@users.noreply.github.com, factory-droid",
            "openhands, openhands@all-hands.dev, openhands",
            "Amp, amp@ampcode.com, amp",
    })
    void knownAgentIdentitiesAreHighConfidence(String name, String email, String tool) throws Exception {
        Attribution found = detect(c -> c.author(name, email));

        assertAi(found, Confidence.HIGH, tool, "author");
        assertThat(found.tools()).containsExactly(tool);
    }

    @Test
    void githubBotAddressWhoseIdIsNotTheBotsIsLowerConfidence() throws Exception {
        // 41898282 is github-actions[bot]'s id, not claude[bot]'s
        Attribution found = detect(c -> c.author("claude[bot]", "41898282+claude[bot]@users.noreply.github.com"));

        assertAi(found, Confidence.MEDIUM, "claude-code", "author");
    }

    @Test
    void botNameWithAnAddressThatIsNotTheBotsIsLowerConfidence() throws Exception {
        assertAi(detect(c -> c.author("copilot-swe-agent[bot]", "someone@example.com")), Confidence.MEDIUM, "github-copilot", "author");
    }

    @Test
    void githubAddressWhoseIdIsAnotherBotsIsLowConfidenceNamingBoth() throws Exception {
        // fglock/PerlOnJava e78fe056: Codex wrote devin-ai-integration[bot]'s id (158243242) with its own login
        Attribution found = message("Fix\n\nCo-Authored-By: Codex <158243242+openai-codex[bot]@users.noreply.github.com>\n");

        assertThat(found.aiAttributed()).isFalse();
        assertThat(found.confidence()).isEqualTo(Confidence.LOW);
        assertThat(found.tools()).containsExactly("devin", "openai-codex");
        assertThat(found.evidence()).extracting(AttributionEvidence::source).containsOnly("identity-mismatch");
        assertThat(found.evidence().get(0).marker()).contains("devin-ai-integration[bot]", "openai-codex[bot]", "158243242");
    }

    @Test
    void anAttributedCommitsToolsComeFromTheEvidenceThatAttributesIt() throws Exception {
        // fglock/PerlOnJava e78fe056: the Codex footer attributes the commit; the mismatched id only adds evidence
        Attribution found = message("Record validation\n\nGenerated with [Codex](https://openai.com/codex)\n\n"
                + "Co-Authored-By: Codex <158243242+openai-codex[bot]@users.noreply.github.com>\n");

        assertAi(found, Confidence.MEDIUM, "openai-codex", "footer");
        assertThat(found.tools()).containsExactly("openai-codex");
        assertThat(found.evidence()).extracting(AttributionEvidence::source).contains("identity-mismatch");
    }

    @Test
    void githubAddressWithABotsIdAndAnUnknownLoginIsLowConfidence() throws Exception {
        Attribution found = detect(c -> c.author("helper", "209825114+helper@users.noreply.github.com"));

        assertThat(found.confidence()).isEqualTo(Confidence.LOW);
        assertThat(found.tools()).containsExactly("claude-code");
        assertThat(found.evidence().get(0).marker()).contains("claude[bot]", "login helper is no known agent");
    }

    @Test
    void copilotAutofixIsAnAssistAtMediumConfidence() throws Exception {
        assertAi(message("Fix\n\nCo-authored-by: Copilot Autofix powered by AI "
                + "<62310815+github-advanced-security[bot]@users.noreply.github.com>\n"), Confidence.MEDIUM, "github-copilot", "co-author");
    }

    @Test
    void aiderAddressesMatchByDomainOnlyForTheToolsName() throws Exception {
        assertAi(message("Fix\n\nCo-authored-by: aider (gemini/gemini-2.5-pro) <aider@aider.chat>\n"), Confidence.HIGH, "aider", "co-author");
        assertAi(message("Fix\n\nCo-authored-by: aider (openrouter/qwen) <noreply@aider.dev>\n"), Confidence.HIGH, "aider", "co-author");
        assertNotAi(detect(c -> c.by("Paul Gauthier", "paul@aider.chat")));
        assertNotAi(detect(c -> c.by("aiderfan", "fan@aider.chat")));
    }

    @Test
    void aiderSubjectPrefixCountsOnlyAtTheVeryStartInItsOwnCase() throws Exception {
        assertAi(message("aider: Saving dirty files before chat"), Confidence.MEDIUM, "aider", "subject-prefix");
        assertNotAi(message("Aider: refactor auth module"));
        assertNotAi(message("raider: fix the tests"));
        assertNotAi(message("fix the aider: integration test"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Codex <codex@openai.com> | openai-codex",
            "GitHub Copilot <copilot@github.com> | github-copilot",
            "OpenHands <opendevin@all-hands.dev> | openhands",
            "amp[bot] <noreply@ampcode.com> | amp",
            "AI (Pi/Claude Opus 4.6 [250k]) <noreply@pi.dev> | unknown-ai",
            "Sisyphus <clio-agent@sisyphuslabs.ai> | opencode",
    })
    void olderAndNewerToolAddressesAreHighConfidenceCoAuthors(String identity, String tool) throws Exception {
        assertAi(message("Change\n\nCo-Authored-By: " + identity + "\n"), Confidence.HIGH, tool, "co-author");
    }

    @Test
    void committerOnlyMarkerIsFound() throws Exception {
        Attribution found = detect(c -> c.author("Ada Lovelace", "ada@example.com")
                .committer("Cursor Agent", "cursoragent@cursor.com"));

        assertAi(found, Confidence.HIGH, "cursor", "committer");
        assertThat(found.evidence()).extracting(AttributionEvidence::source).containsExactly("committer");
    }

    @Test
    void nameSuffixOfAiderIsFound() throws Exception {
        assertAi(detect(c -> c.by("Ada Lovelace (aider)", "ada@example.com")), Confidence.MEDIUM, "aider", "name-suffix");
    }

    // -- co-author trailers -------------------------------------------------------------------------------------

    @Test
    void coAuthorTrailerWithAToolAddressIsHighConfidence() throws Exception {
        Attribution found = message("Fix parser\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");

        assertAi(found, Confidence.HIGH, "claude-code", "co-author");
        assertThat(found.evidence()).containsExactly(new AttributionEvidence("co-author", "Claude <noreply@anthropic.com>", "claude-code"));
    }

    @Test
    void coAuthorTrailerNamingAnAgentBotIsHighConfidence() throws Exception {
        assertAi(message("Fix\n\nCo-authored-by: google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>\n"),
                Confidence.HIGH, "google-jules", "co-author");
    }

    @Test
    void lowerCaseTrailerKeysAreFound() throws Exception {
        Attribution coAuthor = message("Fix\n\nco-authored-by: claude <NOREPLY@ANTHROPIC.COM>\n");
        Attribution session = message("Fix\n\nclaude-session: https://claude.ai/code/session_01abc\n");

        assertAi(coAuthor, Confidence.HIGH, "claude-code", "co-author");
        assertAi(session, Confidence.HIGH, "claude-code", "session-trailer");
    }

    @Test
    void squashMergeBodyWithTrailersMidMessageIsFound() throws Exception {
        String squash = """
                Add retry logic (#42)

                * Add retry to the HTTP client

                Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>

                * Cover retries with tests

                ---------

                Co-authored-by: Ada Lovelace <ada@example.com>
                """;

        assertAi(message(squash), Confidence.HIGH, "github-copilot", "co-author");
    }

    // -- session trailers ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Claude-Session: https://claude.ai/code/session_01R5HnfdYMwXXrJGAkYVE48c | claude-code",
            "Agent-Logs-Url: https://github.com/acme/api/sessions/31474705-fbd9-4eed-bbb9-f011558ccd5e | github-copilot",
            "Copilot-Session: 7f9c2a | github-copilot",
            "Amp-Thread-ID: https://ampcode.com/threads/T-5c1e | amp",
            "Replit-Commit-Author: Agent | replit",
            "Replit-Commit-Author: Assistant | replit",
            "Claude-Generated-By: Claude Code (cli/claude-opus-4-5=100%) | claude-code",
    })
    void sessionTrailerAloneIsHighConfidence(String trailer, String tool) throws Exception {
        Attribution found = message("Update handler\n\nSome explanation.\n\n" + trailer + "\n");

        assertAi(found, Confidence.HIGH, tool, "session-trailer");
        assertThat(found.evidence()).containsExactly(new AttributionEvidence("session-trailer", trailer, tool));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Replit-Commit-Author: SomeOtherReplitProduct",
            "Replit-Commit-Author: Assistant mentioned",
            "Replit-Commit-Session-Id: 8530e9e7-aaaa",
            "Replit-Commit-Checkpoint-Type: full_checkpoint",
    })
    void replitTrailersCountOnlyWithTheAgentOrAssistantAuthor(String trailer) throws Exception {
        assertNotAi(message("Update handler\n\n" + trailer + "\n"));
    }

    @Test
    void entireCheckpointIsAMediumFindingAndItsAgentTrailerNamesTheTool() throws Exception {
        Attribution checkpoint = message("Fix hooks\n\nEntire-Checkpoint: ed51f6581660\n");
        Attribution withAgent = message("Fix hooks\n\nEntire-Session: c010174c-a7cd\nEntire-Agent: Claude Code\n");

        assertAi(checkpoint, Confidence.MEDIUM, "unknown-ai", "session-trailer");
        assertAi(withAgent, Confidence.MEDIUM, "claude-code", "declared-trailer");
    }

    @Test
    void entireCheckpointTakesItsAgentFromTheCheckpointMetadataBranch() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        repo.git("checkout", "-q", "--orphan", "entire/checkpoints/v1");
        repo.git("rm", "-rq", "--cached", ".");
        repo.commit().message("Checkpoints\n")
                .file("ed/51f6581660/0/metadata.json", "{\"checkpoint_id\": \"ed51f6581660\", \"agent\": \"Claude Code\"}\n")
                .file("ab/cdef012345/0/metadata.json", "{\"checkpoint_id\": \"abcdef012345\", \"agent\": \"Agent\"}\n").create();
        repo.git("checkout", "-q", "-f", "main");
        String named = repo.commit().message("Fix hooks\n\nEntire-Checkpoint: ed51f6581660\n").file("a.txt", "a\n").create();
        String vague = repo.commit().message("Fix docs\n\nEntire-Checkpoint: abcdef012345\n").file("b.txt", "b\n").create();
        String absent = repo.commit().message("Fix more\n\nEntire-Checkpoint: 999999999999\n").file("c.txt", "c\n").create();
        GitChangeSource source = GitChangeSource.open(repo.dir(), "main");
        ProvenanceDetector withMetadata = detector.withEntireCheckpoints(source.entireCheckpointAgents());
        java.util.Map<String, Attribution> found = new java.util.HashMap<>();
        source.forEachCommit(commit -> found.put(commit.id(), withMetadata.detect(commit)));

        assertAi(found.get(named), Confidence.MEDIUM, "claude-code", "session-trailer");
        assertThat(found.get(named).tools()).containsExactly("claude-code");
        assertThat(found.get(named).evidence().get(0).marker()).contains("agent: Claude Code");
        assertThat(found.get(vague).tools()).containsExactly("unknown-ai");
        assertThat(found.get(absent).tools()).containsExactly("unknown-ai");
    }

    @Test
    void everyTrailerKindIsFoundInACrlfMessage() throws Exception {
        Attribution found = message("Port module\r\n\r\nBody.\r\n\r\nReplit-Commit-Author: Agent\r\n"
                + "Assisted-by: [Claude Code](https://claude.ai/code)\r\nCo-authored-by: Codex <codex@openai.com>\r\n"
                + "Generated with [OpenAI Codex](https://openai.com/codex)\r\n");

        assertThat(found.tools()).containsExactly("claude-code", "openai-codex", "replit");
        assertThat(found.evidence()).extracting(AttributionEvidence::marker).noneMatch(marker -> marker.contains("\r"));
    }

    // -- declared trailers --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Assisted-by: Claude:claude-3-opus coccinelle sparse | claude-code",
            "Assisted-by: Claude | claude-code",
            "Generated-by: GitHub Copilot | github-copilot",
            "Co-authored-by-AI: Cursor | cursor",
            "Made-with: Cursor | cursor",
            "Assisted-by: gpt-4o | unknown-ai",
            "Generated-by: OpenAI Codex | openai-codex",
            "ASSISTED-BY: Gemini 2.5 Pro | gemini",
            "Assisted-by: Windsurf Cascade | windsurf",
            "Assisted-by: Claude <noreply@anthropic.com> | claude-code",
            "Assisted-by: [Claude Code](https://claude.ai/code) | claude-code",
            "Assisted-By: [Claude   Code]. | claude-code",
            "Assisted-by: Kimi K2.6 | unknown-ai",
            "Assisted-by: Continue.dev | unknown-ai",
            "Assisted-by: Continue | unknown-ai",
            "Assisted-by: Pi | unknown-ai",
            "Assisted-by: Sisyphus (oh-my-opencode) | opencode",
    })
    void declaredTrailerNamingAToolIsFound(String trailer, String tool) throws Exception {
        Attribution found = message("Refactor\n\n" + trailer + "\n");

        assertAi(found, Confidence.MEDIUM, tool, "declared-trailer");
    }

    // -- git-ai notes -------------------------------------------------------------------------------------------

    private static final String GIT_AI_NOTE = """
            src/App.java
              d4a7828bfdafe456 1-12
              h_dca485b1adf836 13-14
            ---
            {
              "schema_version": "authorship/3.0.0",
              "git_ai_version": "1.3.4",
              "base_commit_sha": "ae20f6f29e22293875cbfa6e6252db59360d960a",
              "prompts": {
                "d4a7828bfdafe456": {
                  "agent_id": {"tool": "claude", "id": "x", "model": "claude-opus-4-7"},
                  "human_author": "Ada Lovelace",
                  "total_additions": 12, "total_deletions": 0, "accepted_lines": 12, "overriden_lines": 0
                }
              },
              "humans": {"h_dca485b1adf836": {"author": "Ada Lovelace <ada@example.com>"}}
            }
            """;

    @Test
    void gitAiNoteAloneAttributesTheCommit() throws Exception {
        Attribution found = detect(detector, c -> c.message("Plain human-looking message\n"), GIT_AI_NOTE);

        assertAi(found, Confidence.MEDIUM, "claude-code", "git-ai-note");
        assertThat(found.evidence()).containsExactly(new AttributionEvidence("git-ai-note",
                "authorship/3.0.0 d4a7828bfdafe456 tool=claude model=claude-opus-4-7", "claude-code"));
    }

    @Test
    void gitAiNoteWithOnlyHumanLinesIsNotAi() throws Exception {
        String humanOnly = "src/App.java\n  h_dca485b1adf836 1-2\n---\n"
                + "{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{},\"humans\":{\"h_dca485b1adf836\":{\"author\":\"Ada\"}}}";

        assertNotAi(detect(detector, c -> c.message("Human work\n"), humanOnly));
    }

    @Test
    void gitAiNoteWhoseAiLinesDidNotSurviveIsLowConfidence() throws Exception {
        String overwritten = "src/App.java\n  h_dca485b1adf836 1-2\n---\n"
                + "{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{\"abcd1234abcd1234\":{\"agent_id\":{\"tool\":\"cursor\",\"id\":\"x\",\"model\":\"y\"}}}}";

        Attribution found = detect(detector, c -> c.message("Work\n"), overwritten);

        assertThat(found.aiAttributed()).isFalse();
        assertThat(found.confidence()).isEqualTo(Confidence.LOW);
        assertThat(found.tools()).containsExactly("cursor");
    }

    @Test
    void unreadableGitAiNoteIsLowConfidenceOnly() throws Exception {
        Attribution found = detect(detector, c -> c.message("Work\n"), "this is not a git-ai note {");

        assertThat(found.aiAttributed()).isFalse();
        assertThat(found.confidence()).isEqualTo(Confidence.LOW);
        assertThat(found.evidence()).containsExactly(new AttributionEvidence("git-ai-note", "unreadable refs/notes/ai note", "unknown-ai"));
    }

    // -- footers ------------------------------------------------------------------------------------------------

    @Test
    void toolFooterIsFound() throws Exception {
        Attribution found = message("Add cache\n\nDetails.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n");

        assertAi(found, Confidence.MEDIUM, "claude-code", "footer");
    }

    @Test
    void devinFooterIsFound() throws Exception {
        assertAi(message("Fix\n\nGenerated with [Devin](https://devin.ai)\n"), Confidence.MEDIUM, "devin", "footer");
    }

    // -- policy additions ---------------------------------------------------------------------------------------

    @Test
    void policyTrailerKeyMarksTheCommitWhateverItsValue() throws Exception {
        ProvenanceDetector withPolicy = ProvenanceDetector.withAdditions(new AttributionAdditions(List.of("X-AI-Tool"), List.of()));
        UnaryOperator<TestRepo.CommitBuilder> spec = c -> c.message("Change\n\nx-ai-tool: in-house-llm\n");

        Attribution found = detect(withPolicy, spec, null);

        assertAi(found, Confidence.HIGH, "unknown-ai", "policy");
        assertNotAi(detect(detector, spec, null));
    }

    @Test
    void policyAuthorIdentityMarksTheCommit() throws Exception {
        ProvenanceDetector withPolicy = ProvenanceDetector.withAdditions(
                new AttributionAdditions(List.of(), List.of("build-agent[bot]", "Agent Smith <agent@corp.example>")));

        assertAi(detect(withPolicy, c -> c.author("build-agent[bot]", "ci@corp.example"), null), Confidence.HIGH, "unknown-ai", "policy");
        assertAi(detect(withPolicy, c -> c.author("Agent Smith", "AGENT@corp.example"), null), Confidence.HIGH, "unknown-ai", "policy");
        assertNotAi(detect(withPolicy, c -> c.author("Agent Smith", "smith@home.example"), null));
    }

    @Test
    void policyAuthorWithADomainWildcardCoversEveryAddressOfTheDomain() throws Exception {
        ProvenanceDetector withPolicy = ProvenanceDetector.withAdditions(new AttributionAdditions(List.of(), List.of("*@centaur.local")));

        assertAi(detect(withPolicy, c -> c.message("Tune cache\n\nCo-authored-by: Centaur AI <ai@centaur.local>\n"), null),
                Confidence.HIGH, "unknown-ai", "policy");
        assertAi(detect(withPolicy, c -> c.author("Centaur Reviewer", "REVIEW@Centaur.local"), null), Confidence.HIGH, "unknown-ai", "policy");
        assertNotAi(detect(withPolicy, c -> c.author("Eve", "eve@evil-centaur.local"), null));
        assertNotAi(detect(withPolicy, c -> c.author("Eve", "eve@sub.centaur.local"), null));
    }

    @Test
    void evidenceIsStrongestFirstAndToolsAreSortedAndDistinct() throws Exception {
        Attribution found = message("""
                Port module

                Generated-by: Aider
                Co-authored-by: Claude <noreply@anthropic.com>
                Claude-Session: https://claude.ai/code/session_1
                """);

        assertThat(found.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(found.tools()).containsExactly("aider", "claude-code");
        assertThat(found.evidence()).extracting(AttributionEvidence::source)
                .containsExactly("co-author", "session-trailer", "declared-trailer");
    }

    // -- traps --------------------------------------------------------------------------------------------------

    @Test
    void humansNamedClaudeAreNotAi() throws Exception {
        assertNotAi(detect(c -> c.by("Claude Monet", "claude@monet.example")
                .message("Paint\n\nCo-authored-by: Claude Shannon <claude@bell-labs.example>\n")));
        assertNotAi(detect(c -> c.by("Claude", "claude.dupont@example.com")));
    }

    @Test
    void assistedByAPersonIsNotAi() throws Exception {
        assertNotAi(message("Fix\n\nAssisted-by: Jane Doe <jane@example.com>\n"));
        assertNotAi(message("Fix\n\nAssisted-by: Claude Smith <claude.smith@corp.example>\n"));
        assertNotAi(message("Fix\n\nAssisted-by: Claude Smith\n"));
        assertNotAi(message("Fix\n\nAssisted-by: Devin Ivy\n"));
    }

    @Test
    void dependabotRenovateAndOtherNonAiBotsAreNotAi() throws Exception {
        assertNotAi(detect(c -> c.by("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
                .message("Bump jackson from 2.17 to 2.18\n\nSigned-off-by: dependabot[bot] <support@github.com>\n")));
        assertNotAi(detect(c -> c.by("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com")
                .message("chore(deps): update dependency junit to v5.14\n")));
        assertNotAi(detect(c -> c.by("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")));
    }

    @Test
    void markerQuotedInsideASentenceIsNotATrailer() throws Exception {
        assertNotAi(message("""
                Document attribution

                Agents add "Co-authored-by: Claude <noreply@anthropic.com>" to their commits, and we strip
                the Generated with [Claude Code] footer; see also Claude-Session: links in the docs.
                > Claude-Session: https://claude.ai/code/session_quoted
                `Agent-Logs-Url: https://github.com/acme/api/sessions/1`
                """));
    }

    @Test
    void aiWordsInTheSubjectAreNotEvidence() throws Exception {
        assertNotAi(message("Add AI copilot integration for Claude Code and Cursor\n"));
        assertNotAi(message("Claude-Session: subject lines are not trailers\n\nBody about AI and copilot.\n"));
    }

    @Test
    void declaredTrailerNotNamingAToolIsNotAi() throws Exception {
        assertNotAi(message("Fix\n\nMade-with: love\nGenerated-by: make\nAssisted-by: the rubber duck\n"));
    }

    @Test
    void emptyAndOneLineMessagesHaveNoEvidence() throws Exception {
        assertNotAi(message(""));
        assertNotAi(message("Only a subject"));
    }
}
