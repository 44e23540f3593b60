package dev.aigov.cli;

import dev.aigov.approval.ApprovalEvent;
import dev.aigov.approval.ApprovalException;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.LedgerException;
import dev.aigov.approval.ApprovalOutcome;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.Approver;
import dev.aigov.approval.ApprovalBinding;
import dev.aigov.approval.Identities;
import dev.aigov.approval.SignedApprovals;
import dev.aigov.approval.SshSignatures;
import dev.aigov.ledger.LedgerEvent;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.TrustedPolicy;
import dev.aigov.provenance.GitRevisions;
import java.nio.file.Files;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve or reject a pending approval request (the file 'aigov gate --request-out' wrote), signed "
                + "with your SSH key (ssh-keygen -Y sign -n aigov-approval). You are the principal the trusted policy's "
                + "allowed signers file maps the key to; your groups are the policy's approval.groups. "
                + "Exit 0 when recorded, 30 when refused (the key is no allowed signer, or a separation-of-duties rule).")
final class ApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--request", required = true, paramLabel = "FILE", description = "The approval request file.")
    Path request;

    @Option(names = "--key", required = true, paramLabel = "KEYFILE",
            description = "Your SSH private key (as for git's SSH commit signing); its public key must be in the allowed "
                    + "signers file the trusted policy names (approval.allowedSigners).")
    Path key;

    @Option(names = "--approver", paramLabel = "ID",
            description = "Optional: who you are; must be the principal the key maps to.")
    String approver;

    @Option(names = "--groups", split = ",", paramLabel = "G1,G2", hidden = true,
            description = "Refused: groups come from the trusted policy's approval.groups.")
    List<String> groups;

    @Option(names = "--architectural", description = "This approval is an architectural review.")
    boolean architectural;

    @Option(names = "--reject", description = "Reject the request (needs --reason).")
    boolean reject;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The build's audit ledger: the approval, refusal or rejection is appended with who, when, why, "
                    + "the signing key's fingerprint and the signed payload's digest. A sealed ledger refuses before "
                    + "anything is written.")
    Path ledgerFile;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the request is rejected.")
    String reason;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The repository the request is about: the trusted policy is read at its base commit.")
    Path repo;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "The policy the gate was given with --policy, if any (default: .aigov/policy.yaml at the "
                    + "request's base commit, else the built-in policy).")
    Path policyFile;

    @Override
    public Integer call() {
        if (groups != null) {
            throw new UsageException("--groups is not accepted: an approver's groups come from the trusted policy's "
                    + "approval.groups, never from the command line");
        }
        if (approver != null && approver.isBlank()) {
            throw new UsageException("--approver must not be empty");
        }
        if (reject && (reason == null || reason.isBlank())) {
            throw new UsageException("--reject needs --reason TEXT saying why");
        }
        if (!reject && reason != null) {
            throw new UsageException("--reason is only for --reject");
        }
        if (reject && architectural) {
            throw new UsageException("--architectural marks an approval, not a rejection");
        }
        ApprovalRequest current;
        try {
            current = ApprovalRequests.read(request);
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        }
        AuditLog log = refuseIfSealed(current);
        TrustedPolicy trust = trustFor(current);
        String type = reject ? ApprovalEvent.REJECTED : ApprovalEvent.APPROVED;
        byte[] payload = current.binding().payload(type, architectural, reject ? reason : "");
        String signature;
        try {
            signature = SshSignatures.sign(key, payload);
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        }
        StringBuilder why = new StringBuilder();
        Optional<SshSignatures.Signer> signer = SshSignatures.verify(trust.allowedSigners(), payload, signature, why);
        PrintWriter err = spec.commandLine().getErr();
        if (signer.isEmpty()) {
            err.println("refused: the signature with " + key + " does not count: " + why + " (policy " + trust.origin()
                    + "); nothing was recorded");
            err.flush();
            return ExitCodes.APPROVAL_REFUSED;
        }
        String principal = signer.get().principal();
        if (approver != null && !Identities.samePerson(approver, principal)) {
            throw new UsageException("--approver " + approver + " does not match the key's principal " + principal
                    + " in the allowed signers file");
        }
        Approver who = new Approver(principal, SignedApprovals.groupsOf(principal, trust));
        ApprovalEvent.Signed signed = new ApprovalEvent.Signed(signature, signer.get().fingerprint(),
                ApprovalBinding.sha256(payload), current.base(), current.head(), current.policyDigest());
        ApprovalOutcome outcome;
        try { // refusals are events too, so every action writes the request back
            outcome = ApprovalRequests.update(request, now -> {
                if (!now.id().equals(current.id())) {
                    throw new IllegalStateException(request + " changed to another request while signing; sign again");
                }
                return reject ? now.reject(who, reason, Instant.now(), signed)
                        : now.approve(who, architectural, Instant.now(), signed);
            });
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot update " + request + ": " + e.getMessage(), e);
        }
        record(log, outcome);
        PrintWriter out = spec.commandLine().getOut();
        if (outcome.recorded()) {
            out.println((reject ? "rejected by " : "approval recorded for ") + principal
                    + (architectural ? " (architectural review)" : "") + ", signed with " + signer.get().fingerprint());
            out.println("signed: request " + abbreviate(current.id()) + ", range "
                    + (current.base().isEmpty() ? "(root)" : abbreviate(current.base())) + ".."
                    + (current.head().isEmpty() ? "(unknown)" : abbreviate(current.head())) + ", policy "
                    + (current.policyDigest().isEmpty() ? "(unknown)" : abbreviate(current.policyDigest()))
                    + ", requirement " + current.required() + (current.groups().isEmpty() ? "" : " from " + current.groups())
                    + (current.architecturalReview() ? " with an architectural review" : ""));
        } else {
            err.println("refused by rule " + outcome.event().rule() + ": " + outcome.event().why());
            err.flush();
        }
        out.println(state(outcome.request()));
        out.flush();
        return outcome.recorded() ? ExitCodes.OK : ExitCodes.APPROVAL_REFUSED;
    }

    /** Approving after the seal is refused before anything is written: the request file and the ledger never disagree. */
    private AuditLog refuseIfSealed(ApprovalRequest current) {
        if (ledgerFile == null) {
            return AuditLog.open(null, current.build());
        }
        if (Files.exists(ledgerFile)) {
            List<LedgerEvent> events = LedgerVerifier.read(ledgerFile, null).events();
            if (!events.isEmpty() && events.getLast().type().equals(Events.SEALED)) {
                throw new UsageException("the ledger " + ledgerFile + " is sealed (event " + events.getLast().seq()
                        + "): approving after the seal is refused; nothing was written");
            }
        }
        return AuditLog.open(ledgerFile, current.build());
    }

    /**
     * The trusted policy the request was decided under: {@code --policy}, else {@code .aigov/policy.yaml} at the
     * request's base commit, else at the trusted base; it must have the digest the request names.
     */
    private TrustedPolicy trustFor(ApprovalRequest current) {
        List<TrustedPolicy> candidates = new java.util.ArrayList<>();
        try {
            if (policyFile != null) {
                candidates.add(TrustedPolicy.fromFile(policyFile));
            } else {
                Optional<GitRevisions> git = GitRevisions.open(repo);
                if (git.isPresent()) {
                    candidates.add(TrustedPolicy.atCommit(git.get(), current.base()));
                    candidates.add(TrustedPolicy.atCommit(git.get(), git.get().trustedBase(System.getenv()).commit()));
                } else {
                    candidates.add(TrustedPolicy.builtIn());
                }
            }
        } catch (PolicyException e) {
            throw new UsageException(e.getMessage(), e);
        }
        for (TrustedPolicy candidate : candidates) {
            if (current.policyDigest().isEmpty() || candidate.digest().equals(current.policyDigest())) {
                return candidate;
            }
        }
        throw new UsageException(request + " was decided under policy " + current.policyDigest() + ", but the trusted "
                + "policy here (" + candidates.getFirst().origin() + ") is " + candidates.getFirst().digest()
                + "; pass the gate's --policy or --repo");
    }

    private void record(AuditLog log, ApprovalOutcome outcome) {
        if (ledgerFile == null) {
            return;
        }
        ApprovalRequest r = outcome.request();
        ApprovalEvent e = outcome.event();
        try {
            log.record(e.actor(), Events.approval(r.id(), e));
        } catch (LedgerException ex) {
            throw new UsageException("the request was updated but the ledger " + ledgerFile + " refused the event: " + ex.getMessage(), ex);
        }
    }

    private static String abbreviate(String id) {
        return id.length() > 19 ? id.substring(0, id.startsWith("sha256:") ? 19 : 12) : id;
    }

    static String state(ApprovalRequest r) {
        StringBuilder s = new StringBuilder("request ").append(r.id(), 0, 12).append(": ")
                .append(r.status().name().toLowerCase(Locale.ROOT)).append(", approvals ").append(r.approvalCount())
                .append(" of ").append(r.required());
        List<String> by = r.approvals().stream()
                .map(a -> a.actor() + (a.architectural() ? " (architectural)" : "")).toList();
        if (!by.isEmpty()) {
            s.append(" (").append(String.join(", ", by)).append(')');
        }
        switch (r.status()) {
            case PENDING -> {
                s.append("; still needed:");
                if (r.approvalsStillNeeded() > 0) {
                    s.append(' ').append(r.approvalsStillNeeded()).append(" approval(s)");
                }
                if (r.architecturalReviewStillNeeded()) {
                    s.append(r.approvalsStillNeeded() > 0 ? "," : "").append(" an architectural review by ")
                            .append(r.architectsGroup().isEmpty() ? "(no architects group)" : r.architectsGroup());
                }
            }
            case REJECTED -> r.events().stream().filter(e -> e.type().equals("REJECTED")).findFirst()
                    .ifPresent(e -> s.append("; rejected by ").append(e.actor()).append(": ").append(e.why()));
            case APPROVED -> { }
        }
        return s.toString();
    }
}
