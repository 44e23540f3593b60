package dev.aigov.evidence;

import dev.aigov.policy.EvidencePolicy;
import dev.aigov.provenance.ChangedPath;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test fixtures and a small builder for evidence inputs. */
final class Fixtures {
    static final String HEAD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

    static Path fixture(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/evidence/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static EvidencePolicy coverageOnly(double minLine, String scope) {
        return new EvidencePolicy(new EvidencePolicy.Coverage(minLine, scope), null, null, null);
    }

    static EvidencePolicy sarifOnly(Map<String, Integer> maxNew) {
        return new EvidencePolicy(null, new EvidencePolicy.StaticAnalysis(maxNew), null, null);
    }

    static EvidencePolicy sbomOnly(String... failOn) {
        return new EvidencePolicy(null, null, new EvidencePolicy.Dependencies(List.of(failOn)), null);
    }

    static EvidencePolicy secretsOnly() {
        return new EvidencePolicy(null, null, null, new EvidencePolicy.Secrets(true));
    }

    static EvidencePolicy designDefault() {
        return new EvidencePolicy(new EvidencePolicy.Coverage(0.80, "changed-files"),
                new EvidencePolicy.StaticAnalysis(Map.of("error", 0)),
                new EvidencePolicy.Dependencies(List.of("critical", "high")), new EvidencePolicy.Secrets(true));
    }

    static final class Inputs {
        final List<Path> coverage = new ArrayList<>();
        final List<Path> sarif = new ArrayList<>();
        final List<Path> sboms = new ArrayList<>();
        final List<ChangedPath> changed = new ArrayList<>();
        Path baseline;
        String head = HEAD;
        String diff = "";

        Inputs coverage(Path... files) {
            coverage.addAll(List.of(files));
            return this;
        }

        Inputs sarif(Path... files) {
            sarif.addAll(List.of(files));
            return this;
        }

        Inputs sbom(Path... files) {
            sboms.addAll(List.of(files));
            return this;
        }

        Inputs changed(String... paths) {
            for (String p : paths) {
                changed.add(ChangedPath.of(p, ChangedPath.ChangeType.MODIFIED));
            }
            return this;
        }

        Inputs deleted(String path) {
            changed.add(ChangedPath.of(path, ChangedPath.ChangeType.DELETED));
            return this;
        }

        Inputs baseline(Path file) {
            baseline = file;
            return this;
        }

        Inputs head(String commit) {
            head = commit;
            return this;
        }

        Inputs diff(String text) {
            diff = text;
            return this;
        }

        EvidenceInputs build() {
            return new EvidenceInputs(coverage, sarif, Optional.ofNullable(baseline), sboms, changed, head, diff);
        }

        EvidenceResult evaluate(EvidencePolicy policy) throws EvidenceException {
            return EvidenceEvaluator.evaluate(build(), policy);
        }
    }

    static Inputs inputs() {
        return new Inputs();
    }

    static CheckSummary check(EvidenceResult result, String name) {
        return result.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElseThrow();
    }

    private Fixtures() {
    }
}
