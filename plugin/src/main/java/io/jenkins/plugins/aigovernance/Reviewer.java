package io.jenkins.plugins.aigovernance;

import dev.aigov.approval.ApprovalEvent;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.Approver;
import dev.aigov.approval.ExcludedIdentity;
import hudson.model.User;
import hudson.security.ACL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jenkins.model.IdStrategy;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The person acting on an approval request, as Jenkins authenticated them: user id, full name and e-mail (the
 * Mailer user property, when that plugin is installed), the groups the security realm granted, and the realm's own
 * {@link IdStrategy} for comparing user ids (as the input step's {@code canSettle} does). With LDAP, GitHub OAuth or
 * SAML the user id rarely equals the git identity, so separation of duties holds against every one of them.
 *
 * @param ids how the security realm compares two user ids
 */
record Reviewer(String id, String fullName, String email, Set<String> groups, IdMatcher ids) {
    /** How the security realm compares user ids. */
    @FunctionalInterface
    interface IdMatcher {
        boolean same(String a, String b);
    }

    /** Jenkins' default strategy (and the built-in user database's): ids compare case-insensitively. */
    static final IdMatcher CASE_INSENSITIVE = String::equalsIgnoreCase;

    Reviewer {
        fullName = fullName == null ? "" : fullName;
        email = email == null ? "" : email;
        groups = Set.copyOf(groups);
    }

    /** A reviewer known by id and groups only, compared as Jenkins' default strategy does. */
    static Reviewer of(String id, Set<String> groups) {
        return new Reviewer(id, "", "", groups, CASE_INSENSITIVE);
    }

    /**
     * The caller of the current request, or null when anonymous. With security off every caller is anonymous, so
     * nobody can approve: the gate then waits until its timeout or an abort (fail closed).
     */
    static Reviewer current() {
        Authentication auth = Jenkins.getAuthentication2();
        if (auth == null || ACL.isAnonymous2(auth)) {
            return null;
        }
        User user = User.current();
        if (user == null) {
            return null;
        }
        Set<String> groups = new TreeSet<>();
        for (GrantedAuthority authority : auth.getAuthorities()) {
            groups.add(authority.getAuthority());
        }
        IdStrategy strategy = Jenkins.get().getSecurityRealm().getUserIdStrategy();
        String email;
        try {
            email = MailerAddress.of(user);
        } catch (LinkageError mailerNotInstalled) {
            email = "";
        }
        return new Reviewer(user.getId(), user.getFullName(), email, groups, strategy::equals);
    }

    /**
     * The engine's approver for this request: the user id, plus the full name, the e-mail, and every identity the
     * request records (excluded people, earlier approvers) that the realm's id strategy finds equal to the user id.
     */
    Approver approver(ApprovalRequest request) {
        List<String> identities = new ArrayList<>();
        identities.add(fullName);
        identities.add(email);
        for (ExcludedIdentity excluded : request.excluded()) {
            if (ids.same(excluded.identity(), id)) {
                identities.add(excluded.identity());
            }
        }
        for (ApprovalEvent approval : request.approvals()) {
            if (ids.same(approval.actor(), id)) {
                identities.add(approval.actor());
            }
        }
        return new Approver(id, List.copyOf(groups), identities);
    }
}
