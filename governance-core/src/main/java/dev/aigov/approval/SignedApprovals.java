package dev.aigov.approval;

import dev.aigov.policy.TrustedPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts the approvals of a request file only as far as their signatures go. The request is recomputed by the caller
 * from the repository and the trusted policy; this replays the carrier file's signed actions over it: each signature
 * must verify, with the trusted allowed-signers file, over the payload of the <em>recomputed</em> request. The
 * approver is the principal the key maps to, their groups come from the trusted policy, and the separation-of-duties
 * rules run again. Everything else the file says (its events' actors, groups, the requirement, the decision) is
 * ignored, so editing the file achieves nothing, and a new commit makes every earlier approval stale.
 */
public final class SignedApprovals {
    private SignedApprovals() {
    }

    /**
     * @param request the recomputed request, its approval state as the verified signatures leave it
     * @param notes   one line per action that did not count, saying why
     */
    public record Replay(ApprovalRequest request, List<String> notes) {
        public Replay {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Replays the carrier's signed actions over the recomputed request.
     *
     * @param recomputed the request as the repository and the trusted policy define it, with no events
     * @param carrier    the request file's content, or null
     * @param trust      the trusted policy: its allowed signers and groups
     */
    public static Replay replay(ApprovalRequest recomputed, ApprovalRequest carrier, TrustedPolicy trust) {
        if (carrier == null) {
            return new Replay(recomputed, List.of());
        }
        ApprovalRequest current = recomputed.excludingAlso(carrier.excluded());
        List<String> notes = new ArrayList<>();
        for (ApprovalEvent event : carrier.events()) {
            if (!event.type().equals(ApprovalEvent.APPROVED) && !event.type().equals(ApprovalEvent.REJECTED)) {
                continue;
            }
            String what = (event.type().equals(ApprovalEvent.APPROVED) ? "approval" : "rejection") + " claimed by "
                    + event.actor();
            ApprovalEvent.Signed signed = event.signed();
            if (signed == null || signed.signature() == null || signed.signature().isBlank()) {
                notes.add(what + " does not count: it is not signed");
                continue;
            }
            if (!signed.head().isEmpty() && !signed.head().equals(recomputed.head())) {
                notes.add(what + " is stale: it was signed for head " + abbreviate(signed.head())
                        + ", the change is now at " + abbreviate(recomputed.head()) + "; a new commit needs a new review");
                continue;
            }
            byte[] payload = current.binding().payload(event.type(), event.architectural(), event.why());
            StringBuilder why = new StringBuilder();
            Optional<SshSignatures.Signer> signer = SshSignatures.verify(trust.allowedSigners(), payload,
                    signed.signature(), why);
            if (signer.isEmpty()) {
                notes.add(what + " does not count: " + why);
                continue;
            }
            String principal = signer.get().principal();
            Approver approver = new Approver(principal, groupsOf(principal, trust));
            ApprovalEvent.Signed verified = new ApprovalEvent.Signed(signed.signature(), signer.get().fingerprint(),
                    ApprovalBinding.sha256(payload), current.base(), current.head(), current.policyDigest());
            ApprovalOutcome outcome = event.type().equals(ApprovalEvent.APPROVED)
                    ? current.approve(approver, event.architectural(), event.time(), verified)
                    : current.reject(approver, event.why(), event.time(), verified);
            if (!outcome.recorded()) {
                notes.add(what + " (signed by " + principal + ") does not count: refused by rule "
                        + outcome.event().rule() + ": " + outcome.event().why());
                continue; // refusals are not replayed into the state
            }
            current = outcome.request();
        }
        return new Replay(current, notes);
    }

    /** The groups the trusted policy puts a principal in (the same person in any normalised form). */
    public static List<String> groupsOf(String principal, TrustedPolicy trust) {
        List<String> groups = new ArrayList<>();
        if (trust.policy().approval() == null) {
            return groups;
        }
        for (Map.Entry<String, List<String>> g : trust.policy().approval().groups().entrySet()) {
            if (g.getValue().stream().anyMatch(member -> Identities.samePerson(member, principal))) {
                groups.add(g.getKey());
            }
        }
        return groups;
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
