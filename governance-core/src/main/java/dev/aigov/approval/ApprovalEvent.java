package dev.aigov.approval;

import java.time.Instant;
import java.util.List;

/**
 * One action on a request, for the audit ledger.
 *
 * @param type          {@code APPROVED}, {@code REJECTED} or {@code REFUSED}
 * @param actor         the approver's id
 * @param time          when
 * @param why           the reviewer's reason for a rejection, or the refusal's explanation; may be empty
 * @param rule          the {@link SeparationRule#id()} that refused the action, or empty
 * @param architectural whether the approver marked it an architectural review
 * @param groups        the approver's groups at the time
 * @param controls      framework control ids the event evidences
 * @param signed        the approver's SSH signature over the request's binding and what it binds, or null (unsigned:
 *                      never counted by the CLI's gate and exec)
 */
public record ApprovalEvent(String type, String actor, Instant time, String why, String rule, boolean architectural,
                            List<String> groups, List<String> controls, Signed signed) {
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String REFUSED = "REFUSED";

    public ApprovalEvent {
        why = why == null ? "" : why;
        rule = rule == null ? "" : rule;
        groups = List.copyOf(groups);
        controls = List.copyOf(controls);
    }

    /** An unsigned event (the Jenkins plugin, whose approver is the authenticated user). */
    public ApprovalEvent(String type, String actor, Instant time, String why, String rule, boolean architectural,
                         List<String> groups, List<String> controls) {
        this(type, actor, time, why, rule, architectural, groups, controls, null);
    }

    /**
     * What an approver signed and with which key.
     *
     * @param signature     the armored SSH signature ({@code ssh-keygen -Y sign -n aigov-approval})
     * @param fingerprint   the signing key's {@code SHA256:} fingerprint
     * @param payloadDigest SHA-256 (hex) of the signed payload ({@link ApprovalBinding#payload})
     * @param base          the range's base commit the payload names (empty: from the root)
     * @param head          the head commit the payload names
     * @param policyDigest  the digest of the policy that decided
     */
    public record Signed(String signature, String fingerprint, String payloadDigest, String base, String head,
                         String policyDigest) {
        public Signed {
            base = base == null ? "" : base;
            head = head == null ? "" : head;
            policyDigest = policyDigest == null ? "" : policyDigest;
        }
    }
}
