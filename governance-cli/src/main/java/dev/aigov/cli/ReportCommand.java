package dev.aigov.cli;

import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.ledger.VerifiedLedger;
import dev.aigov.report.AuditRecord;
import dev.aigov.report.HtmlReport;
import dev.aigov.report.InTotoStatement;
import dev.aigov.report.JsonReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Render a ledger as HTML, JSON or an in-toto "
        + "statement. The report always states the ledger's verification; the exit code is verify's (0, 40, 41, 42).")
final class ReportCommand implements Callable<Integer> {
    enum Format { html, json, intoto }

    @Spec
    CommandSpec spec;

    @Option(names = "--ledger", required = true, paramLabel = "FILE", description = "The ledger to report on.")
    Path ledger;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the report.")
    Path out;

    @Option(names = "--format", defaultValue = "html", paramLabel = "FORMAT",
            description = "html (one self-contained page), json (for SIEM ingestion) or intoto (an in-toto "
                    + "Statement v1 in a DSSE envelope signed with the ledger key). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--key", paramLabel = "FILE", description = "The ledger key that signs the in-toto envelope (the one "
            + "that sealed the ledger). Default: as for seal.")
    Path key;

    @Option(names = "--artifact", paramLabel = "FILE", description = "An artifact to name as an in-toto subject "
            + "(by its SHA-256); repeatable.")
    List<Path> artifacts = new ArrayList<>();

    @Option(names = "--public-key", paramLabel = "FILE", description = "The expected sealing key, as for verify.")
    Path publicKey;

    @Option(names = "--policy", paramLabel = "FILE", description = "The policy whose ledger.trustedKeys pin the seal, as for verify.")
    Path policyFile;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", description = "The repository, for the default policy.")
    Path repo;

    @Override
    public Integer call() throws IOException {
        VerifiedLedger verified = VerifyCommand.read(ledger, publicKey, policyFile, repo);
        AuditRecord record = AuditRecord.of(verified).withArtifacts(artifacts().stream()
                .map(a -> new AuditRecord.ArtifactView("", a.name(), a.sha256(), -1)).toList());
        String text = switch (format) {
            case html -> HtmlReport.page(record, promptHref());
            case json -> JsonReport.render(record);
            case intoto -> {
                try {
                    yield InTotoStatement.envelope(record, artifacts(), signingKey(verified));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage(), e);
                }
            }
        };
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        dev.aigov.files.SafeFiles.writeAtomically(out, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int exit = VerifyCommand.exitCode(verified.result());
        (exit == ExitCodes.OK ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(
                Terminal.visible("wrote " + out + " (" + format + "); ledger " + verified.result().state() + ": "
                        + verified.result().describe()));
        return exit;
    }

    /** Kept prompts lie beside the ledger ({@code prompts/<sha256>.txt}): linked relative to the page, never absolute. */
    private java.util.function.Function<String, String> promptHref() {
        Path pageDir = out.toAbsolutePath().normalize().getParent();
        Path ledgerDir = ledger.toAbsolutePath().normalize().getParent();
        String relative = pageDir == null || ledgerDir == null ? "" : pageDir.relativize(ledgerDir).toString().replace('\\', '/');
        String prefix = relative.isEmpty() ? "" : relative + "/";
        return sha256 -> prefix + "prompts/" + sha256 + ".txt";
    }

    /** The ledger key, which must exist and, for a sealed ledger, be the key that sealed it. */
    private LedgerKey signingKey(VerifiedLedger verified) {
        Path file = key != null ? key : Locations.ledgerKey(null, System.getenv(), true); // read, never created here
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no ledger key at " + file + " to sign the in-toto envelope; pass --key FILE "
                    + "(the key that sealed the ledger)");
        }
        LedgerKey signing;
        try {
            signing = LedgerKey.load(file);
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage(), e);
        }
        String sealedBy = verified.result() instanceof dev.aigov.ledger.VerificationResult.IntactSealed sealed
                ? sealed.publicKey() : "";
        if (!sealedBy.isEmpty() && !sealedBy.equals(signing.publicKeyRaw())) {
            throw new UsageException("the key " + file + " (" + signing.publicKeyRaw() + ") did not seal this ledger ("
                    + sealedBy + "); sign with the sealing key");
        }
        return signing;
    }

    private List<InTotoStatement.Artifact> artifacts() {
        List<InTotoStatement.Artifact> list = new ArrayList<>();
        for (Path artifact : artifacts) {
            Artifacts.Digest digest = Artifacts.digest(artifact);
            list.add(new InTotoStatement.Artifact(digest.name(), digest.sha256()));
        }
        return list;
    }
}
