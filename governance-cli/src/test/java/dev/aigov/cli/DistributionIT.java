package dev.aigov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The distribution archive and the launchers as users install them: unpacked elsewhere, reached through symlinks. */
class DistributionIT {
    @TempDir
    Path work;

    private static Path archive() {
        Path dist = BuiltCli.dist();
        try (var files = Files.list(dist.getParent())) {
            return files.filter(p -> p.getFileName().toString().matches("aigov-.*\\.tar\\.gz")).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError("no aigov-VERSION.tar.gz beside " + dist, e);
        }
    }

    private Path unpack() throws Exception {
        Path into = Files.createDirectories(work.resolve("opt"));
        BuiltCli tar = BuiltCli.run(work, Map.of(), List.of("tar", "-xzf", archive().toString(), "-C", into.toString()));
        assertThat(tar.exit()).as(tar.toString()).isZero();
        try (var dirs = Files.list(into)) {
            return dirs.findFirst().orElseThrow();
        }
    }

    @Test
    void theArchiveHoldsAnExecutableLauncherTheJarAndTheStartUpCacheOnJdk25() throws Exception {
        Path home = unpack();
        assertThat(home.getFileName().toString()).startsWith("aigov-");
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/aigov"))).contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(home.resolve("lib/aigov.jar")).isRegularFile();
        if (Runtime.version().feature() >= 25) {
            assertThat(home.resolve("lib/aigov.aot")).isRegularFile();
            assertThat(Files.readString(home.resolve("lib/aigov.aot.java")).strip()).isNotEmpty();
        }
    }

    @Test
    void theUnpackedLauncherRunsThroughAChainOfSymlinksAndUsesTheCache() throws Exception {
        Path home = unpack();
        Path bin = Files.createDirectories(work.resolve("usr/local/bin"));
        Path links = Files.createDirectories(work.resolve("links"));
        Path first = Files.createSymbolicLink(links.resolve("aigov-current"), home.resolve("bin/aigov"));
        Path link = Files.createSymbolicLink(bin.resolve("aigov"), bin.relativize(first));
        Map<String, String> env = Runtime.version().feature() >= 25 && Files.exists(home.resolve("lib/aigov.aot"))
                // AOTMode=on: the JVM refuses to start unless the cache is actually usable here.
                ? Map.of("AIGOV_JAVA", javaBinary(), "AIGOV_JAVA_OPTS", "-XX:AOTMode=on")
                : Map.of("AIGOV_JAVA", javaBinary());

        BuiltCli version = BuiltCli.run(work, env, List.of(link.toString(), "--version"));
        assertThat(version.exit()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("aigov ");

        BuiltCli policy = BuiltCli.run(work, env, List.of(link.toString(), "policy", "default"));
        assertThat(policy.exit()).as(policy.toString()).isZero();
        assertThat(policy.out()).contains("identities:");
    }

    @Test
    void theCheckoutLauncherRunsThroughASymlink() throws Exception {
        Path checkout = Path.of(System.getProperty("aigov.checkout", ".."));
        Path link = Files.createSymbolicLink(work.resolve("aigov"), checkout.toAbsolutePath().resolve("aigov"));
        BuiltCli run = BuiltCli.run(work, Map.of("AIGOV_JAVA", javaBinary()), List.of(link.toString(), "--version"));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("aigov ");
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElseThrow();
    }
}
