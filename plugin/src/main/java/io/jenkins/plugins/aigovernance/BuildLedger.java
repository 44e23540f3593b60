package io.jenkins.plugins.aigovernance;

import dev.aigov.build.BuildRef;
import dev.aigov.intent.Prompt;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.ledger.VerificationResult;
import dev.aigov.report.AuditRecord;
import dev.aigov.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;

/**
 * The build's audit ledger ({@code <build>/ai-governance/ledger.jsonl}), opened for each append (no live object
 * is kept), sealed with the controller's key ({@code $JENKINS_HOME/secrets/ai-governance-ledger.key}) when the
 * build ends, and rendered on the build page from what the verifier read.
 */
final class BuildLedger {
    static final String ACTOR = "jenkins";

    private BuildLedger() {
    }

    static Path file(Path buildDir) {
        return buildDir.resolve("ai-governance").resolve("ledger.jsonl");
    }

    static Path keyFile(Path controllerDir) {
        return controllerDir.resolve("secrets").resolve("ai-governance-ledger.key");
    }

    static void append(Path buildDir, BuildRef build, String actor, Event event) {
        Ledger.open(file(buildDir), build).append(actor, event);
    }

    /** Seals the ledger if the build wrote one and it is not sealed yet; returns whether it sealed. */
    static boolean seal(Path buildDir, Path controllerDir) {
        Path file = file(buildDir);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        LedgerKey key = LedgerKey.loadOrCreate(keyFile(controllerDir), SecretKeyProtection.INSTANCE);
        if (!(LedgerVerifier.verify(file, key.publicKey()) instanceof VerificationResult.Unsealed)) {
            return false; // already sealed, or damaged: sealing would sign over the damage
        }
        Ledger.seal(file, key, ACTOR, archivedArtifacts(buildDir));
        return true;
    }

    /**
     * The build's archived artifacts (the standard artifact manager keeps them in {@code <build>/archive}) by path,
     * SHA-256 and size: recorded before the seal, so the record names what to roll back to.
     */
    static java.util.List<Event> archivedArtifacts(Path buildDir) {
        Path archive = buildDir.resolve("archive");
        if (!Files.isDirectory(archive)) {
            return java.util.List.of();
        }
        java.util.List<Event> events = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.walk(archive)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                try (java.io.InputStream in = new java.security.DigestInputStream(Files.newInputStream(f), sha)) {
                    long size = in.transferTo(java.io.OutputStream.nullOutputStream());
                    events.add(Events.artifactRecorded(archive.relativize(f).toString().replace('\\', '/'),
                            java.util.HexFormat.of().formatHex(sha.digest()), size));
                }
            }
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new LedgerException("cannot read the archived artifacts of " + buildDir + ": " + e.getMessage(), e);
        }
        return events;
    }

    /** A kept prompt of this build ({@code prompts/<sha256>.txt} beside the ledger), or empty; only a SHA-256 names one. */
    static java.util.Optional<Path> prompt(Path buildDir, String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return java.util.Optional.empty();
        }
        Path prompt = file(buildDir).resolveSibling(Prompt.DIRECTORY).resolve(sha256 + ".txt");
        return Files.isRegularFile(prompt) ? java.util.Optional.of(prompt) : java.util.Optional.empty();
    }

    /**
     * The controller's sealing key's public half; when there is no key yet, a throwaway one (never stored), so a
     * seal in the ledger shows as made with a key this controller does not have.
     */
    static PublicKey publicKey(Path controllerDir) {
        Path key = keyFile(controllerDir);
        if (Files.isRegularFile(key)) {
            return LedgerKey.readPublicKey(key);
        }
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no Ed25519 in this JVM", e);
        }
    }

    /** The engine's escaped HTML fragment for the ledger as verified now (tampering shows in it), or empty. */
    static String reportHtml(Path buildDir, Path controllerDir) {
        Path file = file(buildDir);
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try {
            // A page view (perhaps anonymous) reads the public half only, and never creates the key.
            return HtmlReport.fragment(AuditRecord.of(LedgerVerifier.read(file, publicKey(controllerDir))),
                    sha256 -> "prompt?sha256=" + sha256);
        } catch (LedgerException e) {
            return "<p>" + HtmlReport.escape("The audit ledger cannot be read: " + e.getMessage()) + "</p>";
        }
    }
}
