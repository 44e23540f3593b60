package dev.aigov.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a signed approval binds: the request, the exact range (base and head commit ids), the digest of the policy
 * that decided, and the decision's requirement. The CLI's gate and exec recompute it from the repository and the
 * trusted policy and count only signatures over the recomputed payload, so a request file is only a carrier.
 *
 * @param requestId           the request id
 * @param base                the range's base commit id, or empty when the range starts at the root
 * @param head                the head commit id
 * @param policyDigest        {@code sha256:} digest of the policy file that decided
 * @param required            approvals required
 * @param groups              allowed groups
 * @param architecturalReview whether an architectural review is required
 */
public record ApprovalBinding(String requestId, String base, String head, String policyDigest, int required,
                              List<String> groups, boolean architecturalReview) {
    public ApprovalBinding {
        base = base == null ? "" : base;
        head = head == null ? "" : head;
        policyDigest = policyDigest == null ? "" : policyDigest;
        groups = groups.stream().sorted().toList();
    }

    /** The exact bytes an approver signs for one action. */
    public byte[] payload(String type, boolean architectural, String reason) {
        String text = "aigov-approval/1\n"
                + "request " + requestId + "\n"
                + "base " + base + "\n"
                + "head " + head + "\n"
                + "policy " + policyDigest + "\n"
                + "required " + required + "\n"
                + "groups " + String.join(",", groups) + "\n"
                + "architectural-review " + architecturalReview + "\n"
                + "action " + type + "\n"
                + "architectural " + architectural + "\n"
                + "reason " + (reason == null ? "" : reason.strip().replace('\n', ' ').replace('\r', ' ')) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 (hex) of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
