package dev.aigov.policy;

import dev.aigov.approval.ApprovalBinding;
import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitRevisions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The policy a decision is made under, read from outside the change: the file the caller names, or
 * {@value #REPO_POLICY} as it is at the range's base commit (never the working tree, which the change controls), or
 * the built-in policy. The allowed-signers file it names is read from the same place.
 *
 * @param policy         the parsed policy
 * @param digest         {@code sha256:} of the policy file's bytes: what signed approvals bind
 * @param allowedSigners the allowed-signers file's content, or empty when the policy names none
 * @param origin         where it came from, for messages
 */
public record TrustedPolicy(Policy policy, String digest, String allowedSigners, String origin) {
    public static final String REPO_POLICY = ".aigov/policy.yaml";

    /** The built-in policy. */
    public static TrustedPolicy builtIn() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("default-policy.yaml")) {
            byte[] bytes = in.readAllBytes();
            return new TrustedPolicy(PolicyLoader.builtIn(), digest(bytes), "", PolicyLoader.builtIn().source());
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("built-in policy resource unreadable", e);
        }
    }

    /** A policy file the caller names; its allowed-signers file is resolved next to it. */
    public static TrustedPolicy fromFile(Path file) throws PolicyException {
        Policy policy = PolicyLoader.load(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, 0, "", "cannot read: " + e.getMessage());
        }
        String signers = "";
        String relative = policy.approval() == null ? "" : policy.approval().allowedSigners();
        if (!relative.isEmpty()) {
            Path dir = file.toAbsolutePath().getParent();
            Path signersFile = dir.resolve(relative).normalize();
            try {
                signers = Files.readString(signersFile, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new PolicyException(file.toString(), 0, 0, "approval.allowedSigners", "no such file " + signersFile);
            } catch (IOException e) {
                throw new PolicyException(file.toString(), 0, 0, "approval.allowedSigners",
                        "cannot read " + signersFile + ": " + e.getMessage());
            }
        }
        return new TrustedPolicy(policy, digest(bytes), signers, file.toString());
    }

    /**
     * {@value #REPO_POLICY} as it is at {@code commit}; the built-in policy when the commit has none or the range
     * starts at the root ({@code commit} empty).
     */
    public static TrustedPolicy atCommit(GitRevisions repo, String commit) throws PolicyException {
        if (commit == null || commit.isEmpty()) {
            return builtIn();
        }
        String name = REPO_POLICY + " at " + abbreviate(commit);
        try {
            Optional<byte[]> bytes = repo.fileAt(commit, REPO_POLICY);
            if (bytes.isEmpty()) {
                return builtIn();
            }
            Policy policy = PolicyLoader.parse(new String(bytes.get(), StandardCharsets.UTF_8), name);
            String signers = "";
            String relative = policy.approval() == null ? "" : policy.approval().allowedSigners();
            if (!relative.isEmpty()) {
                String path = Path.of(".aigov").resolve(relative).normalize().toString().replace('\\', '/');
                Optional<byte[]> content = repo.fileAt(commit, path);
                if (content.isEmpty()) {
                    throw new PolicyException(name, 0, 0, "approval.allowedSigners", "no file " + path + " at " + abbreviate(commit));
                }
                signers = new String(content.get(), StandardCharsets.UTF_8);
            }
            return new TrustedPolicy(policy, digest(bytes.get()), signers, name);
        } catch (ChangeSourceException e) {
            throw new PolicyException(name, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** The digest a policy's text is recorded and bound by: {@code sha256:} and the hex of its bytes. */
    public static String digest(byte[] bytes) {
        return "sha256:" + ApprovalBinding.sha256(bytes);
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
