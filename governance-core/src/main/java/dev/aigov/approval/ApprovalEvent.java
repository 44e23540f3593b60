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
 */
public record ApprovalEvent(String type, String actor, Instant time, String why, String rule, boolean architectural,
                            List<String> groups, List<String> controls) {
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String REFUSED = "REFUSED";

    public ApprovalEvent {
        why = why == null ? "" : why;
        rule = rule == null ? "" : rule;
        groups = List.copyOf(groups);
        controls = List.copyOf(controls);
    }
}
