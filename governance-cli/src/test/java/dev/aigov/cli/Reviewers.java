package dev.aigov.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reviewers for the signed approval flow, made with the real {@code ssh-keygen}: an Ed25519 key per principal, an
 * OpenSSH allowed-signers file, and a policy that names it ({@code approval.allowedSigners}) with the groups
 * ({@code approval.groups}). Keys live outside any repository the tests build.
 */
final class Reviewers {
    final Path dir;
    final Path allowedSigners;
    private final Map<String, Path> keys = new LinkedHashMap<>();

    private Reviewers(Path dir) {
        this.dir = dir;
        this.allowedSigners = dir.resolve("allowed_signers");
    }

    /** Keys for each principal, and the allowed-signers file listing them. */
    static Reviewers create(Path dir, String... principals) throws Exception {
        Reviewers r = new Reviewers(Files.createDirectories(dir));
        StringBuilder signers = new StringBuilder();
        for (String principal : principals) {
            Path key = r.newKey(principal);
            signers.append(principal).append(' ').append(Files.readString(key.resolveSibling(key.getFileName() + ".pub")).strip())
                    .append('\n');
        }
        Files.writeString(r.allowedSigners, signers.toString(), StandardCharsets.UTF_8);
        return r;
    }

    /** The private key of a principal in the allowed-signers file. */
    Path key(String principal) {
        Path key = keys.get(principal);
        if (key == null) {
            throw new IllegalArgumentException("no key for " + principal);
        }
        return key;
    }

    /** A fresh key that is in no allowed-signers file. */
    Path stranger(String name) throws Exception {
        return newKey(name);
    }

    /**
     * The approval section naming the allowed-signers file (relative, as the policy file sits beside it) and groups.
     *
     * @param groups group to principals
     */
    static String approvalSection(Map<String, List<String>> groups) {
        StringBuilder yaml = new StringBuilder("approval:\n  allowedSigners: allowed_signers\n  groups:\n");
        if (groups.isEmpty()) {
            yaml.setLength(yaml.length() - "  groups:\n".length());
        }
        groups.forEach((g, members) -> yaml.append("    ").append(g).append(": [")
                .append(String.join(", ", members.stream().map(m -> "\"" + m + "\"").toList())).append("]\n"));
        return yaml.toString();
    }

    /** Writes {@code body} plus the approval section as {@code policy.yaml} beside the allowed-signers file. */
    Path policy(String body, Map<String, List<String>> groups) throws IOException {
        return Files.writeString(dir.resolve("policy.yaml"), body + approvalSection(groups), StandardCharsets.UTF_8);
    }

    private Path newKey(String name) throws Exception {
        Path key = dir.resolve("key-" + name.replaceAll("[^A-Za-z0-9]", "_"));
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                key.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + output);
        }
        keys.put(name, key);
        return key;
    }
}
