package dev.aigov.approval;

/**
 * The result of one action: the request as it now stands and the event the action produced.
 *
 * @param request the updated request (the input is unchanged)
 * @param event   what was recorded; {@code REFUSED} events name the rule
 */
public record ApprovalOutcome(ApprovalRequest request, ApprovalEvent event) {
    /** True when the action counted (an approval or a rejection), false when a rule refused it. */
    public boolean recorded() {
        return !event.type().equals(ApprovalEvent.REFUSED);
    }
}
