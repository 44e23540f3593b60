package dev.aigov.approval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Approvals signed the way git signs commits with SSH keys: {@code ssh-keygen -Y sign} with the namespace
 * {@value #NAMESPACE}, checked with {@code ssh-keygen -Y find-principals} and {@code -Y verify} against an OpenSSH
 * allowed-signers file (the format of git's {@code gpg.ssh.allowedSignersFile}). Runs the real {@code ssh-keygen}.
 */
public final class SshSignatures {
    public static final String NAMESPACE = "aigov-approval";
    private static final Pattern GOOD = Pattern.compile("Good \"[^\"]*\" signature for (.+) with \\S+ key (SHA256:\\S+)");
    private static final long TIMEOUT_SECONDS = 60;

    private SshSignatures() {
    }

    /**
     * Who signed: the principal the allowed-signers file maps the key to, and the key's fingerprint.
     *
     * @param principal   as written in the allowed-signers file (e.g. {@code alice@example.org})
     * @param fingerprint the signing key's {@code SHA256:...} fingerprint
     */
    public record Signer(String principal, String fingerprint) {
    }

    /** Signs {@code payload} with a private key file; returns the armored SSH signature. */
    public static String sign(Path privateKey, byte[] payload) throws ApprovalException {
        if (!Files.isRegularFile(privateKey)) {
            throw new ApprovalException(privateKey + ": no such key file");
        }
        Result r = run(payload, "ssh-keygen", "-q", "-Y", "sign", "-f", privateKey.toString(), "-n", NAMESPACE);
        if (r.exit != 0 || !r.out.contains("BEGIN SSH SIGNATURE")) {
            throw new ApprovalException(privateKey + ": ssh-keygen could not sign with this key: " + firstLine(r.err));
        }
        return r.out.strip() + "\n";
    }

    /**
     * Verifies a signature over {@code payload} against an allowed-signers file's content.
     *
     * @return the signer, or empty with {@code why} filled in (not an allowed signer, bad signature)
     */
    public static Optional<Signer> verify(String allowedSigners, byte[] payload, String signature, StringBuilder why) {
        if (allowedSigners == null || allowedSigners.isBlank()) {
            why.append("the trusted policy names no allowed signers (approval.allowedSigners)");
            return Optional.empty();
        }
        if (signature == null || signature.isBlank()) {
            why.append("it is not signed");
            return Optional.empty();
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("aigov-sig-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path signers = Files.writeString(dir.resolve("allowed_signers"), allowedSigners, StandardCharsets.UTF_8);
            Path sig = Files.writeString(dir.resolve("payload.sig"), signature, StandardCharsets.UTF_8);
            Result found = run(new byte[0], "ssh-keygen", "-Y", "find-principals", "-s", sig.toString(),
                    "-f", signers.toString(), "-n", NAMESPACE);
            List<String> principals = found.exit == 0 ? found.out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()
                    : List.of();
            if (principals.isEmpty()) {
                why.append("its key is not in the allowed signers file (or the signature is malformed)");
                return Optional.empty();
            }
            for (String principal : principals) {
                Result v = run(payload, "ssh-keygen", "-Y", "verify", "-f", signers.toString(), "-I", principal,
                        "-n", NAMESPACE, "-s", sig.toString());
                Matcher m = GOOD.matcher(v.out + "\n" + v.err);
                if (v.exit == 0 && m.find()) {
                    return Optional.of(new Signer(principal, m.group(2)));
                }
            }
            why.append("the signature by ").append(String.join(", ", principals))
                    .append(" does not verify over this request's payload (signed for another request, head, policy or requirement)");
            return Optional.empty();
        } catch (IOException e) {
            why.append("cannot check the signature: ").append(e.getMessage());
            return Optional.empty();
        } finally {
            delete(dir);
        }
    }

    /** The principal an allowed-signers file maps a public key to, by signing nothing: used to name a key's owner. */
    public static Optional<Signer> principalOf(Path privateKey, String allowedSigners) throws ApprovalException {
        byte[] probe = "aigov-approval key probe\n".getBytes(StandardCharsets.UTF_8);
        String sig = sign(privateKey, probe);
        return verify(allowedSigners, probe, sig, new StringBuilder());
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(byte[] stdin, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SSH_AUTH_SOCK"); // the key file given, never whatever an agent offers
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            return new Result(127, "", "cannot run ssh-keygen (install openssh-client): " + e.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException ignored) {
            // ssh-keygen may exit before reading everything (e.g. a bad key); its stderr says why
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, "", "ssh-keygen did not finish (a passphrase prompt?)");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(130, "", "interrupted");
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("(no message)");
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path f : all) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temporary directory left behind holds only public data
        }
    }
}
