package dev.aigov.approval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.aigov.build.BuildRef;
import dev.aigov.gate.Controls;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.policy.ApprovalSettings;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Person;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A request for human approval of an {@code APPROVAL_REQUIRED} decision (design §3 step 3). Immutable: {@link #approve}
 * and {@link #reject} return the updated request with the event they recorded. Every action, refused ones too, is an
 * event; the status is derived from the events.
 *
 * @param id                  SHA-256 (hex) of the definition: build, decision, commits, requirement, range and policy
 *                            digest (not the reasons or exclusions, which the CLI's exec cannot recompute without the
 *                            evidence; exclusions only ever add to the recomputed ones); {@link ApprovalRequests#read}
 *                            refuses a file whose id does not match
 * @param build               the run that asks
 * @param decision            the decision id ({@code APPROVAL_REQUIRED})
 * @param reasons             the decision's reasons
 * @param commits             the AI-attributed commit ids under review
 * @param required            distinct valid approvals needed
 * @param groups              an approver must be in one of these (case-insensitive); empty means anyone
 * @param architecturalReview one approval must be an architectural review by a member of {@code architectsGroup}
 * @param architectsGroup     the architects group, or empty
 * @param excluded            identities that may not act on the request
 * @param aliases             e-mail (lower case) to user id (lower case)
 * @param createdAt           when the request was made
 * @param events              every action so far, oldest first
 * @param base                the range's base commit id (empty: from the root or unknown)
 * @param head                the range's head commit id (empty: unknown, e.g. the Jenkins plugin's requests)
 * @param policyDigest        {@code sha256:} digest of the policy that decided, or empty
 */
@JsonIgnoreProperties(value = {"status", "approvalCount", "approvalsStillNeeded", "architecturalReviewStillNeeded"},
        allowGetters = true)
public record ApprovalRequest(String id, BuildRef build, String decision, List<Reason> reasons, List<String> commits,
                              int required, List<String> groups, boolean architecturalReview, String architectsGroup,
                              List<ExcludedIdentity> excluded, Map<String, String> aliases, Instant createdAt,
                              List<ApprovalEvent> events, String base, String head, String policyDigest) {

    /** Human oversight with separation of duties, as the gate's approval reasons name it. */
    private static final List<String> EVENT_CONTROLS = Controls.forApproval(List.of());
    private static final Pattern CO_AUTHOR =
            Pattern.compile("(?im)^[ \\t]*co-authored-by[ \\t]*:[ \\t]*(.*?)[ \\t]*<([^>\\r\\n]*)>[ \\t]*\\r?$");

    public ApprovalRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(createdAt, "createdAt");
        reasons = List.copyOf(reasons);
        commits = List.copyOf(commits);
        groups = List.copyOf(groups);
        architectsGroup = architectsGroup == null ? "" : architectsGroup;
        excluded = List.copyOf(excluded);
        aliases = Map.copyOf(aliases);
        events = List.copyOf(events);
        base = base == null ? "" : base;
        head = head == null ? "" : head;
        policyDigest = policyDigest == null ? "" : policyDigest;
    }

    /** The range and policy a request is bound to. */
    public record Scope(String base, String head, String policyDigest) {
        public static final Scope NONE = new Scope("", "", "");
    }

    /**
     * Creates the request for a decision.
     *
     * @param aiCommits     the AI-attributed commits under review: their authors, committers and co-authors are excluded
     * @param agentIdentity the identity the agent ran as (e.g. {@code claude[bot]}), or empty
     * @param settings      the policy's {@code approval} section (architects group, aliases, agent identities); may be null
     */
    public static ApprovalRequest create(BuildRef build, Decision.ApprovalRequired decision, List<Commit> aiCommits,
                                         String agentIdentity, ApprovalSettings settings, Instant now) {
        return create(build, decision, aiCommits, agentIdentity, settings, Scope.NONE, now);
    }

    /** Creates the request for a decision over an exact range under a policy with the given digest. */
    public static ApprovalRequest create(BuildRef build, Decision.ApprovalRequired decision, List<Commit> aiCommits,
                                         String agentIdentity, ApprovalSettings settings, Scope scope, Instant now) {
        ApprovalSettings s = settings == null ? new ApprovalSettings("", Map.of(), List.of()) : settings;
        List<ExcludedIdentity> excluded = new ArrayList<>();
        for (Commit commit : aiCommits) {
            exclude(excluded, commit.author(), "author", commit.id());
            exclude(excluded, commit.committer(), "committer", commit.id());
            Matcher m = CO_AUTHOR.matcher(commit.message());
            while (m.find()) {
                exclude(excluded, new Person(m.group(1), m.group(2)), "co-author", commit.id());
            }
        }
        Set<String> agents = new LinkedHashSet<>();
        if (agentIdentity != null && !agentIdentity.isBlank()) {
            agents.add(agentIdentity.strip());
        }
        agents.addAll(s.agents());
        agents.forEach(agent -> excluded.add(new ExcludedIdentity(agent, "agent", "")));
        if (!build.triggeredBy().isBlank()) {
            excluded.add(new ExcludedIdentity(build.triggeredBy(), "build-trigger", ""));
        }
        Map<String, String> aliases = new TreeMap<>();
        s.aliases().forEach((email, user) -> aliases.put(lower(email), lower(user)));
        List<String> commits = aiCommits.stream().map(Commit::id).toList();
        var requirement = decision.approval();
        String architects = s.architectsGroup() == null ? "" : s.architectsGroup();
        String id = idFor(build, decision.id(), commits, requirement.required(), requirement.groups(),
                requirement.architecturalReview(), architects, scope.base(), scope.head(), scope.policyDigest());
        return new ApprovalRequest(id, build, decision.id(), decision.reasons(), commits, requirement.required(),
                requirement.groups(), requirement.architecturalReview(), architects, excluded, aliases, now, List.of(),
                scope.base(), scope.head(), scope.policyDigest());
    }

    private static void exclude(List<ExcludedIdentity> excluded, Person person, String role, String commit) {
        for (String identity : List.of(person.email(), person.name())) {
            if (!identity.isBlank()) {
                excluded.add(new ExcludedIdentity(identity.strip(), role, commit));
            }
        }
    }

    /** The id this request's definition hashes to; equal to {@link #id()} unless the request was altered. */
    public String computedId() {
        return idFor(build, decision, commits, required, groups, architecturalReview, architectsGroup, base, head,
                policyDigest);
    }

    /** What an approver signs for this request: its id, range, policy digest and requirement. */
    public ApprovalBinding binding() {
        return new ApprovalBinding(id, base, head, policyDigest, required, groups, architecturalReview);
    }

    /** The same request with more excluded identities (from a carrier file: exclusions only ever add). */
    public ApprovalRequest excludingAlso(List<ExcludedIdentity> more) {
        List<ExcludedIdentity> all = new ArrayList<>(excluded);
        more.stream().filter(e -> !all.contains(e)).forEach(all::add);
        return new ApprovalRequest(id, build, decision, reasons, commits, required, groups, architecturalReview,
                architectsGroup, all, aliases, createdAt, events, base, head, policyDigest);
    }

    private static String idFor(BuildRef build, String decision, List<String> commits, int required,
                                List<String> groups, boolean architecturalReview, String architectsGroup,
                                String base, String head, String policyDigest) {
        StringBuilder canonical = new StringBuilder("aigov-approval-request/2\n");
        canonical.append(build.job()).append('\n').append(build.number()).append('\n').append(decision).append('\n');
        canonical.append("base ").append(base).append("\nhead ").append(head).append("\npolicy ").append(policyDigest)
                .append('\n');
        commits.stream().sorted().forEach(c -> canonical.append("commit ").append(c).append('\n'));
        canonical.append("required ").append(required).append('\n');
        groups.stream().sorted().forEach(g -> canonical.append("group ").append(g).append('\n'));
        canonical.append("architectural ").append(architecturalReview).append(' ').append(architectsGroup).append('\n');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- state ----

    @JsonProperty("status")
    public ApprovalStatus status() {
        if (events.stream().anyMatch(e -> e.type().equals(ApprovalEvent.REJECTED))) {
            return ApprovalStatus.REJECTED;
        }
        return approvalsStillNeeded() == 0 && !architecturalReviewStillNeeded() ? ApprovalStatus.APPROVED
                : ApprovalStatus.PENDING;
    }

    /** The valid approvals so far (each approver once: duplicates are refused, never recorded as approvals). */
    public List<ApprovalEvent> approvals() {
        return events.stream().filter(e -> e.type().equals(ApprovalEvent.APPROVED)).toList();
    }

    @JsonProperty("approvalCount")
    public int approvalCount() {
        return approvals().size();
    }

    @JsonProperty("approvalsStillNeeded")
    public int approvalsStillNeeded() {
        return Math.max(0, required - approvalCount());
    }

    @JsonProperty("architecturalReviewStillNeeded")
    public boolean architecturalReviewStillNeeded() {
        return architecturalReview && approvals().stream().noneMatch(ApprovalEvent::architectural);
    }

    // ---- actions ----

    /** Approves, or records a refusal naming the rule that forbids it. */
    public ApprovalOutcome approve(Approver approver, boolean architectural, Instant now) {
        return approve(approver, architectural, now, null);
    }

    /** Approves with the approver's signature over {@link #binding()}, or records a refusal naming the rule. */
    public ApprovalOutcome approve(Approver approver, boolean architectural, Instant now, ApprovalEvent.Signed signed) {
        SeparationRule refusal = check(approver, architectural, true);
        if (refusal != null) {
            return refuse(approver, architectural, refusal, now);
        }
        return with(new ApprovalEvent(ApprovalEvent.APPROVED, approver.id(), now, "", "", architectural,
                approver.groups(), EVENT_CONTROLS, signed));
    }

    /** Rejects with the reviewer's reason, which ends the request; a reviewer the rules exclude is refused instead. */
    public ApprovalOutcome reject(Approver approver, String reason, Instant now) {
        return reject(approver, reason, now, null);
    }

    /** Rejects with the reviewer's signature over {@link #binding()}. */
    public ApprovalOutcome reject(Approver approver, String reason, Instant now, ApprovalEvent.Signed signed) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        SeparationRule refusal = check(approver, false, false);
        if (refusal != null) {
            return refuse(approver, false, refusal, now);
        }
        return with(new ApprovalEvent(ApprovalEvent.REJECTED, approver.id(), now, reason.strip(), "", false,
                approver.groups(), EVENT_CONTROLS, signed));
    }

    private ApprovalOutcome with(ApprovalEvent event) {
        List<ApprovalEvent> all = new ArrayList<>(events);
        all.add(event);
        ApprovalRequest next = new ApprovalRequest(id, build, decision, reasons, commits, required, groups,
                architecturalReview, architectsGroup, excluded, aliases, createdAt, all, base, head, policyDigest);
        return new ApprovalOutcome(next, event);
    }

    private ApprovalOutcome refuse(Approver approver, boolean architectural, SeparationRule rule, Instant now) {
        return with(new ApprovalEvent(ApprovalEvent.REFUSED, approver.id(), now, explain(approver, rule), rule.id(),
                architectural, approver.groups(), EVENT_CONTROLS));
    }

    /** The first rule the action breaks, or null. */
    private SeparationRule check(Approver approver, boolean architectural, boolean approving) {
        if (status() != ApprovalStatus.PENDING) {
            return SeparationRule.REQUEST_CLOSED;
        }
        Set<String> who = keys(approver);
        if (Identities.isBot(approver.id()) || approver.identities().stream().anyMatch(Identities::isBot)) {
            return SeparationRule.AGENT_IDENTITY;
        }
        for (SeparationRule rule : List.of(SeparationRule.AGENT_IDENTITY, SeparationRule.BUILD_TRIGGER,
                SeparationRule.COMMIT_PARTICIPANT)) {
            if (excludedBy(who, rule) != null) {
                return rule;
            }
        }
        if (lookAlikeOfExcluded(approver.id()) != null) {
            return SeparationRule.AMBIGUOUS_IDENTITY;
        }
        boolean architect = !architectsGroup.isEmpty() && inGroup(approver, List.of(architectsGroup));
        if (architectural && !architect) {
            return SeparationRule.ARCHITECT_GROUP;
        }
        if (!groups.isEmpty() && !inGroup(approver, groups) && !(architectural && architect)) {
            return SeparationRule.ALLOWED_GROUP;
        }
        if (approving && approvals().stream().anyMatch(a -> !java.util.Collections.disjoint(keys(a.actor()), who))) {
            return SeparationRule.DUPLICATE_APPROVAL;
        }
        return null;
    }

    private ExcludedIdentity excludedBy(Set<String> who, SeparationRule rule) {
        for (ExcludedIdentity e : excluded) {
            if (e.rule() == rule && !java.util.Collections.disjoint(keys(e.identity()), who)) {
                return e;
            }
        }
        return null;
    }

    private String explain(Approver approver, SeparationRule rule) {
        String who = approver.id();
        return switch (rule) {
            case REQUEST_CLOSED -> "the request is already " + status().name().toLowerCase(Locale.ROOT);
            case AGENT_IDENTITY -> who + " is an AI agent or bot identity";
            case BUILD_TRIGGER -> who + " triggered the build";
            case COMMIT_PARTICIPANT -> {
                ExcludedIdentity e = excludedBy(keys(approver), rule);
                yield who + " is the " + e.role() + " of AI-attributed commit " + abbreviate(e.commit());
            }
            case ALLOWED_GROUP -> who + " is in none of the allowed groups " + groups;
            case ARCHITECT_GROUP -> who + " is not in the architects group"
                    + (architectsGroup.isEmpty() ? " (the policy names none)" : " " + architectsGroup);
            case DUPLICATE_APPROVAL -> who + " has already approved; each approver counts once";
            case AMBIGUOUS_IDENTITY -> who + " looks like, but is not, the excluded identity "
                    + lookAlikeOfExcluded(who).identity() + " (" + lookAlikeOfExcluded(who).role()
                    + "); mixed-script look-alikes are refused as ambiguous";
        };
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    /** Every identity the approver is known by, with what the aliases tie each to. */
    private Set<String> keys(Approver approver) {
        Set<String> keys = keys(approver.id());
        approver.identities().forEach(identity -> keys.addAll(keys(identity)));
        return keys;
    }

    /** An identity and what the aliases tie it to, lower case: e-mail to user id and user id to its e-mails. */
    private Set<String> keys(String identity) {
        Set<String> keys = new HashSet<>(Identities.keys(identity));
        Set<String> users = new HashSet<>();
        aliases.forEach((email, user) -> {
            if (keys.contains(Identities.normalize(email))) {
                users.add(Identities.normalize(user));
            }
        });
        keys.addAll(users);
        aliases.forEach((email, user) -> {
            String u = Identities.normalize(user);
            if (keys.contains(u) || users.contains(u)) {
                keys.add(Identities.normalize(email));
            }
        });
        return keys;
    }

    /** The excluded identity the approver is a look-alike of, or null. */
    private ExcludedIdentity lookAlikeOfExcluded(String identity) {
        for (ExcludedIdentity e : excluded) {
            if (Identities.lookAlike(identity, e.identity())) {
                return e;
            }
        }
        return null;
    }

    private static boolean inGroup(Approver approver, List<String> wanted) {
        Set<String> have = approver.groups().stream().map(Identities::normalize).collect(Collectors.toSet());
        return wanted.stream().map(Identities::normalize).anyMatch(have::contains);
    }

    private static String lower(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }
}
