package dev.aigov.policy;

import java.util.List;

/**
 * @param trustedKeys the Ed25519 public keys (raw, base64url, as {@code aigov key export} prints them) whose seal
 *                    {@code aigov verify} accepts as pinned
 */
public record LedgerSettings(List<String> trustedKeys) {
    public static final LedgerSettings NONE = new LedgerSettings(List.of());

    public LedgerSettings {
        trustedKeys = List.copyOf(trustedKeys);
    }
}
