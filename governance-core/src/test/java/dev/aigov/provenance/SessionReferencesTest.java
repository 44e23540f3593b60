package dev.aigov.provenance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Session references from commit markers, as data: tool, kind, id or URL, and a git-ai note's prompt. */
class SessionReferencesTest {
    @TempDir
    Path tmp;

    private final ProvenanceDetector detector = ProvenanceDetector.builtIn();

    @Test
    void everySessionTrailerBecomesAStructuredReference() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("""
                Add rate limiter

                Claude-Session: https://claude.ai/code/session_01AbCdEf
                Agent-Logs-Url: https://github.com/acme/shop/tasks/42
                Copilot-Session: 3f2c9a1e-7b7d-4d0e-9a55-1c2b3d4e5f60
                Amp-Thread-ID: T-5a1b2c3d-0000-4111-8222-333344445555
                Codex-Session-Id: 0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b
                Entire-Checkpoint: a3b2c4d5e6f7
                Replit-Commit-Session-Id: 9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b5a
                Replit-Commit-Author: Agent
                """).file("src/Limiter.java", "class Limiter {}\n").create();

        Attribution found = detector.detect(GitChangeSource.open(repo.dir(), "HEAD").commits().get(0));

        assertThat(found.aiAttributed()).isTrue();
        assertThat(found.sessions()).containsExactly(
                new SessionRef("claude-code", "claude-session", "", "https://claude.ai/code/session_01AbCdEf", "", ""),
                new SessionRef("github-copilot", "agent-logs-url", "", "https://github.com/acme/shop/tasks/42", "", ""),
                new SessionRef("github-copilot", "copilot-session", "3f2c9a1e-7b7d-4d0e-9a55-1c2b3d4e5f60", "", "", ""),
                new SessionRef("amp", "amp-thread-id", "T-5a1b2c3d-0000-4111-8222-333344445555",
                        "https://ampcode.com/threads/T-5a1b2c3d-0000-4111-8222-333344445555", "", ""),
                new SessionRef("openai-codex", "codex-session-id", "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "", "", ""),
                new SessionRef("unknown-ai", "entire-checkpoint", "a3b2c4d5e6f7", "", "", ""));
    }

    @Test
    void aSessionTrailerQuotedInASentenceIsNoReference() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Docs\n\nWe now read the Claude-Session: trailer from commits.\n").file("a.md", "x\n").create();

        Attribution found = detector.detect(GitChangeSource.open(repo.dir(), "HEAD").commits().get(0));

        assertThat(found.sessions()).isEmpty();
    }

    @Test
    void gitAiNoteGivesItsPromptIdModelLinkAndPromptText() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        String id = repo.commit().message("Plain message\n").file("src/App.java", "class App {}\n").create();
        repo.note("ai", id, """
                src/App.java
                  d4a7828bfdafe456 1-1
                ---
                {
                  "schema_version": "authorship/3.0.0",
                  "base_commit_sha": "ae20f6f29e22293875cbfa6e6252db59360d960a",
                  "prompts": {
                    "d4a7828bfdafe456": {
                      "agent_id": {"tool": "cursor", "id": "conv-1", "model": "gpt-5"},
                      "human_author": "Ada Lovelace",
                      "messages_url": "https://usegitai.com/prompts/d4a7828bfdafe456",
                      "messages": [
                        {"type": "user", "text": "Create the App class"},
                        {"type": "assistant", "text": "Done."},
                        {"type": "user", "text": "Make it final"}
                      ]
                    }
                  }
                }
                """);

        Attribution found = detector.detect(GitChangeSource.open(repo.dir(), "HEAD").commits().get(0));

        assertThat(found.aiAttributed()).isTrue();
        assertThat(found.sessions()).containsExactly(new SessionRef("cursor", "git-ai-prompt", "d4a7828bfdafe456",
                "https://usegitai.com/prompts/d4a7828bfdafe456", "gpt-5", "Create the App class\n\nMake it final"));
    }

    @Test
    void onlyWebLinksAreKeptAsUrls() {
        assertThat(new SessionRef("amp", "x", "1", "javascript:alert(1)", "", "").url()).isEmpty();
        assertThat(List.of(new SessionRef("amp", "x", "1", "https://ampcode.com/threads/T-1", "", "").url()))
                .containsExactly("https://ampcode.com/threads/T-1");
    }

    @Test
    void remoteAddressesBecomeWebAddressesWithoutCredentials() {
        assertThat(GitChangeSource.webUrl("git@github.com:acme/shop.git")).isEqualTo("https://github.com/acme/shop");
        assertThat(GitChangeSource.webUrl("ssh://git@gitlab.example.com/group/shop.git")).isEqualTo("https://gitlab.example.com/group/shop");
        assertThat(GitChangeSource.webUrl("https://bot:s3cretT0ken@github.com/acme/shop.git/")).isEqualTo("https://github.com/acme/shop");
        assertThat(GitChangeSource.webUrl("/srv/git/shop.git")).isEmpty();
        assertThat(GitChangeSource.webUrl("file:///srv/git/shop.git")).isEmpty();
    }
}
