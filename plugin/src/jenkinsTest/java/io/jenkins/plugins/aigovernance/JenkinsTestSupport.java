package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.JwtVerificationException;
import hudson.model.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jenkins.model.Jenkins;

/**
 * What the Jenkins tests share: real git repositories for the gate, the workload token's standing at the issuer
 * that signed it, and a scan of a build directory for a value that must never be stored.
 */
final class JenkinsTestSupport {
    /** The issuer named in the global configuration, so a token keeps its issuer across a restart on another port. */
    static final String ISSUER = "https://jenkins.example.org/ai-governance";
    /** The built-in policy's {@code agent} role: a JWT for this audience in {@code AIGOV_ID_TOKEN}. */
    static final String AGENT_AUDIENCE = "aigov-agent";

    private JenkinsTestSupport() {
    }

    /** Pins the issuer (saved, so it survives a restart). */
    static void pinIssuer() {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setJwtIssuer(ISSUER);
        config.save();
    }

    /**
     * Null when the controller's issuer still accepts the token, else why not ({@code REVOKED} once the block that
     * asked for it has ended).
     */
    static JwtVerificationException.Reason standing(String token) throws Exception {
        Jenkins jenkins = Jenkins.get();
        JwtIssuer issuer = AiGovernanceConfiguration.get().jwtIssuer(jenkins.getRootDir().toPath(), jenkins.getRootUrl());
        try {
            issuer.verify(token, AGENT_AUDIENCE);
            return null;
        } catch (JwtVerificationException e) {
            return e.reason();
        }
    }

    /** Every file under the build's directory (build.xml, program.dat, the log, the ledger) holding {@code value}. */
    static List<Path> filesContaining(Run<?, ?> build, String value) throws IOException {
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(build.getRootDir().toPath())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    hits.add(file);
                }
            }
        }
        return hits;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A token the Pipeline wrote to {@code file} from inside the block. */
    static String readToken(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        assertThat(token).as("the token the block wrote").isNotBlank().contains(".");
        return token;
    }

    /** Groovy single-quoted string literal for a path. */
    static String groovy(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A real git repository with one commit by dana that adds {@code file}; AI-assisted when {@code ai}. */
    static Path repositoryWithCommit(Path dir, String file, boolean ai) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        git(dir, "init", "-q", "-b", "main");
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, "change under review\n", StandardCharsets.UTF_8);
        git(dir, "add", "-A");
        String message = ai ? "Add " + file + "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n" : "Add " + file + "\n";
        git(dir, "commit", "-q", "-m", message);
        return dir;
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=dana", "-c", "user.email=dana@example.com",
                "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "dana");
        env.put("GIT_AUTHOR_EMAIL", "dana@example.com");
        env.put("GIT_COMMITTER_NAME", "dana");
        env.put("GIT_COMMITTER_EMAIL", "dana@example.com");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("git %s: %s", String.join(" ", args), output).isZero();
    }
}
