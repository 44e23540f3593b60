package dev.aigov.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.gate.Reason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.aigov.evidence.Fixtures.check;
import static dev.aigov.evidence.Fixtures.inputs;
import static dev.aigov.evidence.Fixtures.secretsOnly;
import static org.assertj.core.api.Assertions.assertThat;

class SecretScanTest {
    private static final Random RANDOM = new Random(20261127);
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static String random(String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** A secret of each kind, built at run time (no token-shaped literal in the source), with the line that holds it. */
    record Sample(String kind, String secret, String line, String masked) {
    }

    static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        String b64 = ALNUM + "+/";
        String armour = "-----BEGIN OPENSSH " + "PRIVATE KEY-----"; // split so this file passes its own scan
        s.add(new Sample("private-key", armour, armour, "-----BEGIN ****"));
        String akid = "AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        s.add(new Sample("aws-access-key-id", akid, "aws_access_key_id = " + akid, "AKIA****"));
        String awsSecret = random(b64, 40);
        s.add(new Sample("aws-secret-access-key", awsSecret, "aws_secret_access_key=" + awsSecret,
                "aws_secret_access_key=****"));
        String gcp = "AIza" + random(ALNUM + "_-", 35);
        s.add(new Sample("gcp-api-key", gcp, "const mapsKey = '" + gcp + "';", "AIza****"));
        String keyId = random("0123456789abcdef", 40);
        s.add(new Sample("gcp-service-account-key", keyId, "  \"private_key_id\": \"" + keyId + "\",",
                "\"private_key_id\": \"****"));
        String azure = random(b64, 86) + "==";
        s.add(new Sample("azure-storage-key", azure, "AZURE=DefaultEndpointsProtocol=https;AccountName=shop;AccountKey="
                + azure + ";EndpointSuffix=core.windows.net", "AccountKey=****"));
        String ghp = "ghp_" + random(ALNUM, 36);
        s.add(new Sample("github-token", ghp, "GITHUB_TOKEN: " + ghp, "ghp_****"));
        String pat = "github_pat_" + random(ALNUM, 22) + "_" + random(ALNUM, 59);
        s.add(new Sample("github-fine-grained-token", pat, "token = \"" + pat + "\"", "github_pat_****"));
        String glpat = "glpat-" + random(ALNUM + "_-", 20);
        s.add(new Sample("gitlab-token", glpat, "curl --header \"PRIVATE-TOKEN: " + glpat + "\" https://gitlab.example",
                "glpat-****"));
        String slack = "xoxb-" + random("0123456789", 12) + "-" + random("0123456789", 13) + "-" + random(ALNUM, 24);
        s.add(new Sample("slack-token", slack, "slack.token=" + slack, "xoxb-****"));
        String hvs = "hvs." + random(ALNUM + "_-", 90);
        s.add(new Sample("vault-token", hvs, "export VAULT_TOKEN=" + hvs, "hvs.****"));
        String legacy = "s." + random(ALNUM, 22) + "a1";
        s.add(new Sample("vault-token-legacy", legacy.substring(2), "vault login " + legacy, "s.****"));
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ."
                + random(ALNUM + "_-", 43);
        s.add(new Sample("jwt", jwt, "Authorization: Bearer " + jwt, "eyJ****"));
        String generic = random(ALNUM + "!#%&*+", 32);
        s.add(new Sample("generic-high-entropy", generic, "    db_password: \"" + generic + "\"", "db_password=****"));
        return s;
    }

    private static String addedDiff(List<String> lines) {
        StringBuilder d = new StringBuilder("diff --git a/config/app.env b/config/app.env\nindex 1111111..2222222 100644\n"
                + "--- a/config/app.env\n+++ b/config/app.env\n");
        d.append("@@ -10,0 +11,").append(lines.size()).append(" @@\n");
        lines.forEach(l -> d.append('+').append(l).append('\n'));
        return d.toString();
    }

    @Test
    void everyKindIsFoundInAddedLinesWithFileLineAndMaskedPrefix() throws Exception {
        List<Sample> samples = samples();
        EvidenceResult result = inputs().diff(addedDiff(samples.stream().map(Sample::line).toList()))
                .evaluate(secretsOnly());
        List<SecretScanner.Finding> findings = SecretScanner.scan(addedDiff(samples.stream().map(Sample::line).toList()));
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            int line = 11 + i;
            assertThat(findings).as(sample.kind())
                    .contains(new SecretScanner.Finding("config/app.env", line, sample.kind(), sample.masked()));
        }
        assertThat(findings).hasSize(samples.size());
        assertThat(result.reasons()).hasSize(samples.size()).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo("SECRET_IN_DIFF");
            assertThat(r.paths()).containsExactly("config/app.env");
            assertThat(r.controls()).contains("OWASP-ASI03");
        });
        assertThat(result.reasons().get(6).message()).isEqualTo("Possible github-token (ghp_****) added at config/app.env:17.");
    }

    @Test
    void noOutputEverContainsASecretValue() throws Exception {
        List<Sample> samples = samples();
        EvidenceResult result = inputs().diff(addedDiff(samples.stream().map(Sample::line).toList()))
                .evaluate(secretsOnly());
        String everything = new ObjectMapper().writeValueAsString(result) + result;
        for (Sample sample : samples) {
            if (sample.kind().equals("private-key")) {
                continue; // the armour line is the marker itself, not secret material
            }
            assertThat(everything).as(sample.kind()).doesNotContain(sample.secret());
            // nor any 8-character run of the secret beyond its public prefix
            String body = sample.secret().substring(Math.min(sample.secret().length(), 12));
            for (int i = 0; i + 8 <= body.length(); i += 4) {
                assertThat(everything).as(sample.kind()).doesNotContain(body.substring(i, i + 8));
            }
        }
    }

    @Test
    void removedAndContextLinesAreNotScanned() {
        List<Sample> samples = samples();
        StringBuilder d = new StringBuilder("diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n");
        d.append("@@ -1,").append(samples.size() * 2).append(" +1,").append(samples.size()).append(" @@\n");
        samples.forEach(s -> d.append('-').append(s.line()).append('\n'));
        samples.forEach(s -> d.append(' ').append(s.line()).append('\n'));
        assertThat(SecretScanner.scan(d.toString())).isEmpty();
    }

    @Test
    void addedLineStartingWithPlusPlusIsContentNotAHeader() {
        String ghp = "ghp_" + random(ALNUM, 36);
        String diff = "--- a/x.sh\n+++ b/x.sh\n@@ -0,0 +1,2 @@\n+++ b/evil " + ghp + "\n+echo ok\n";
        assertThat(SecretScanner.scan(diff)).containsExactly(new SecretScanner.Finding("x.sh", 1, "github-token", "ghp_****"));
    }

    @Test
    void deletedFileAddsNothing() {
        String ghp = "ghp_" + random(ALNUM, 36);
        String diff = "diff --git a/x b/x\ndeleted file mode 100644\n--- a/x\n+++ /dev/null\n@@ -1 +0,0 @@\n-" + ghp + "\n";
        assertThat(SecretScanner.scan(diff)).isEmpty();
    }

    @Test
    void placeholdersAndOrdinaryCodeAreNotFlagged() {
        List<String> lines = List.of(
                "password = \"changeme\"",
                "api_key = \"YOUR_API_KEY_HERE_1234\"",
                "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
                "token: ${GITHUB_TOKEN}",
                "secret: \"{{ .Values.dbSecret }}\"",
                "passwordField = findViewById(R.id.password_input_1)",
                "String tokenizerVersion = \"v1.2.3-release\";",
                "private static final String TOKEN_HEADER = \"Authorization\";",
                "if (password.length() < 12) throw new WeakPasswordException();",
                "client_secret = os.environ[\"CLIENT_SECRET\"]",
                "secret_name = \"prod/payments/db-credentials\"",
                "var s = list.stream().map(x -> x.id()).toList();",
                "String sha = \"3f786850e387550fdab836ed7e6dc881de23001b\";",
                "assertThat(token).isEqualTo(\"aaaaaaaaaaaaaaaaaaaaaaaa\");",
                "<version>2.21.8</version>",
                "the s.AbCdEfGhIjKlMnOpQrStUvWx documented example");
        List<SecretScanner.Finding> findings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            SecretScanner.scanLine("src/App.java", i + 1, lines.get(i), findings);
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void thisModulesOwnSourcesAddedWholeRaiseNoFinding() throws Exception {
        StringBuilder diff = new StringBuilder();
        int files = 0;
        // the engine's sources, and the tests of evidence and approval (other tests may hold deliberate sentinels)
        List<java.nio.file.Path> roots = List.of(java.nio.file.Path.of("src/main/java"),
                java.nio.file.Path.of("src/test/java/dev/aigov/evidence"), java.nio.file.Path.of("src/test/java/dev/aigov/approval"));
        for (var root : roots) {
            List<java.nio.file.Path> sources;
            try (var walk = java.nio.file.Files.walk(root)) {
                sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (var file : sources) {
                List<String> lines = java.nio.file.Files.readAllLines(file);
                diff.append("diff --git a/").append(file).append(" b/").append(file).append("\n--- /dev/null\n+++ b/")
                        .append(file).append("\n@@ -0,0 +1,").append(lines.size()).append(" @@\n");
                lines.forEach(l -> diff.append('+').append(l).append('\n'));
                files++;
            }
        }
        assertThat(files).isGreaterThan(30);
        assertThat(SecretScanner.scan(diff.toString())).isEmpty();
    }

    @Test
    void secretScanRequiredWithoutDiffIsMissingEvidence() throws Exception {
        EvidenceResult result = inputs().diff(null).evaluate(secretsOnly());
        assertThat(result.reasons()).extracting(Reason::code).containsExactly("EVIDENCE_MISSING");
        assertThat(check(result, "secrets").status()).isEqualTo("fail");
    }

    @Test
    void summaryCountsFindingsByKind() throws Exception {
        String ghp = "ghp_" + random(ALNUM, 36);
        EvidenceResult result = inputs().diff(addedDiff(List.of("a = 1", "GH=" + ghp))).evaluate(secretsOnly());
        Map<String, Object> metrics = new LinkedHashMap<>(check(result, "secrets").metrics());
        assertThat(metrics).containsEntry("findings", 1).containsEntry("byKind", Map.of("github-token", 1));
        assertThat(metrics.get("locations")).asList().containsExactly("config/app.env:12 github-token ghp_****");
    }

    @Test
    void entropyOfRandomTokensIsHighAndOfWordsLow() {
        assertThat(SecretScanner.entropy("aaaaaaaaaaaaaaaa")).isZero();
        assertThat(SecretScanner.entropy(random(ALNUM, 32))).isGreaterThan(SecretScanner.MIN_ENTROPY_BITS_PER_CHAR);
        assertThat(SecretScanner.highEntropy("correcthorsebattery", true)).isFalse();
    }
}
