package dev.aigov.policy;

import java.util.List;

/**
 * One policy rule: when the change matches {@code when}, it needs what {@code require} says.
 *
 * @param line    the rule's line in its policy file, for messages
 * @param when    the condition
 * @param require the requirement
 * @param source  the policy file the rule was written in ({@code <built-in>} for a default rule)
 */
public record Rule(int line, Condition when, Requirement require, String source) {
    public Rule {
        source = source == null ? "" : source;
    }

    public Rule(int line, Condition when, Requirement require) {
        this(line, when, require, "");
    }

    /** Where the rule was written, e.g. {@code policy.yaml:12}. */
    public String location() {
        return (source.isEmpty() ? "policy" : source) + ":" + line;
    }

    /**
     * @param aiAttributed match only changes whose AI attribution equals this, or any when null
     * @param categories   match when an AI-attributed commit touches at least one of these, or any when empty
     */
    public record Condition(Boolean aiAttributed, List<String> categories) {
        public Condition {
            categories = List.copyOf(categories);
        }
    }

    /**
     * @param approvals           distinct human approvals needed (0 for none)
     * @param groups              groups an approver must belong to (any of them), empty for anyone
     * @param architecturalReview whether one approval must be an architectural review
     * @param deny                the change must not proceed at all (decision FAIL), with this message; empty otherwise
     */
    public record Requirement(int approvals, List<String> groups, boolean architecturalReview, String deny) {
        public Requirement {
            groups = List.copyOf(groups);
            deny = deny == null ? "" : deny;
        }
    }
}
