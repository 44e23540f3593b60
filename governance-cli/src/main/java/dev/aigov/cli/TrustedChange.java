package dev.aigov.cli;

import dev.aigov.approval.ApprovalRequest;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.TrustedPolicy;
import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitRevisions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The change under review and the policy that governs it, both from outside the change. The trusted base comes from
 * the CI system's facts ({@link GitRevisions#trustedBase}); the range is the caller's {@code --range}, else
 * trusted-base..HEAD; the policy is {@code --policy}, else {@code .aigov/policy.yaml} as it is at the trusted base
 * (or at the range's base when no trusted base exists), never the working tree; else the built-in one.
 *
 * @param revisions   the repository, or null outside one
 * @param trustedBase the trusted base and where it came from
 * @param range       the range to read (null: the repository has no commits)
 * @param base        the range's base commit id (empty: from the root)
 * @param head        the range's head commit id (empty: unknown)
 * @param policy      the trusted policy
 * @param covers      whether this range covers every commit from the trusted base to HEAD and is not empty: only
 *                    then may its decision unlock a {@code requiresApproval} role
 * @param why         when it does not cover, why
 */
record TrustedChange(GitRevisions revisions, GitRevisions.TrustedBase trustedBase, String range, String base,
                     String head, TrustedPolicy policy, boolean covers, String why) {

    static TrustedChange resolve(Path repo, String rangeOption, Path policyOption, Map<String, String> env) {
        Optional<GitRevisions> opened = GitRevisions.open(repo);
        if (opened.isEmpty()) {
            return new TrustedChange(null, new GitRevisions.TrustedBase("", "not a git repository"), rangeOption, "", "",
                    policyFile(policyOption), false, repo.toAbsolutePath().normalize() + " is not a git repository");
        }
        GitRevisions git = opened.get();
        // every revision asked below, in one git process
        java.util.List<String> revisions = new java.util.ArrayList<>(GitRevisions.trustedBaseRevisions(env));
        revisions.add("HEAD");
        if (rangeOption != null) {
            revisions.addAll(GitRevisions.endpointRevisions(rangeOption));
        }
        git.resolve(revisions);
        GitRevisions.TrustedBase trusted = git.trustedBase(env);
        Optional<String> headCommit = git.commit("HEAD");
        String range = rangeOption != null ? rangeOption.strip() : headCommit.isPresent() ? trusted.range() : null;
        String[] ends = range == null ? new String[] {"", ""} : git.endpoints(range).orElse(new String[] {"", ""});
        String base = ends[0];
        String head = ends[1];
        TrustedPolicy policy;
        if (policyOption != null) {
            policy = policyFile(policyOption);
        } else {
            try {
                policy = TrustedPolicy.atCommit(git, !trusted.commit().isEmpty() ? trusted.commit() : base);
            } catch (PolicyException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        String why = "";
        try {
            if (headCommit.isEmpty() || head.isEmpty()) {
                why = "the range " + range + " has no single head commit";
            } else if (!head.equals(headCommit.get())) {
                why = "the range ends at " + abbreviate(head) + ", not at HEAD " + abbreviate(headCommit.get());
            } else if (git.isEmpty(base, head)) {
                why = "the range " + range + " is empty";
            } else if (!trusted.commit().isEmpty() && !base.isEmpty() && !git.isAncestor(base, trusted.commit())) {
                why = "the range " + range + " starts after the trusted base " + abbreviate(trusted.commit()) + " ("
                        + trusted.source() + ")";
            } else if (trusted.commit().isEmpty() && !base.isEmpty()) {
                why = "the range " + range + " starts at " + abbreviate(base)
                        + " but there is no trusted base (no CI target, previous commit or upstream), so every commit counts";
            }
        } catch (ChangeSourceException e) {
            why = "cannot check the range: " + e.getMessage();
        }
        return new TrustedChange(git, trusted, range, base, head, policy, why.isEmpty(), why);
    }

    private static TrustedPolicy policyFile(Path file) {
        if (file == null) {
            return TrustedPolicy.builtIn();
        }
        try {
            return TrustedPolicy.fromFile(file);
        } catch (PolicyException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * The range to hand to {@code GitChangeSource}: the caller's, else the trusted one; null when the trusted range is
     * the one git's own default names the same commits by (upstream, origin/HEAD, every commit), for its description.
     */
    String rangeToRead(String rangeOption) {
        if (rangeOption != null || revisions == null) {
            return rangeOption;
        }
        String source = trustedBase.source();
        return source.contains("=") ? range : null;
    }

    /** The scope an approval request made under this change is bound to. */
    ApprovalRequest.Scope scope() {
        return new ApprovalRequest.Scope(base, head, policy.digest());
    }

    /** One line for people: why this decision cannot unlock a requiresApproval role. */
    String notCoveringNote() {
        return "note: this decision cannot unlock a requiresApproval role: " + why + "; the trusted range is "
                + trustedBase.range() + " (" + trustedBase.source() + ")";
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
