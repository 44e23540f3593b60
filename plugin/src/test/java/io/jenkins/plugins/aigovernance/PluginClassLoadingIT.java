package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.credentials.vault.VaultFixture;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the packaged plugin as Jenkins does: one class loader holding only what the .hpi carries in
 * {@code WEB-INF/lib}, the API of the plugins it requires (the compile-only stubs, split per upstream artifact:
 * the optional HashiCorp Vault and Mailer plugins' parts are left out, as is the Vault plugin's vault-java-driver), the libraries Jenkins core
 * and the required jackson2-api and nimbus-jose-jwt-api plugins provide (no Tink), and behavioural doubles of the few core classes the plugin calls at
 * start-up (written from upstream behaviour: {@code src/it/doubles}, compiled here; {@code src/test/java}'s
 * doubles of {@code Secret}, {@code JenkinsJVM}, {@code SecretPatterns}, {@code GeneralNonBlockingStepExecution}).
 * It is not Jenkins: it proves linkage and start-up behaviour, not Jenkins' own wiring.
 */
class PluginClassLoadingIT {
    private static final Path HPI = Paths.get(System.getProperty("hpi.file", "target/ai-governance.hpi"));

    /** Stub packages by the upstream artifact that provides them at run time; {@code null}: optional, absent. */
    private static final Map<String, String> ARTIFACTS = new LinkedHashMap<>();

    static {
        ARTIFACTS.put("hudson.tasks.Mailer", null); // mailer: resolution:=optional
        ARTIFACTS.put("hudson.remoting.", "remoting");
        ARTIFACTS.put("org.jenkinsci.remoting.", "remoting");
        ARTIFACTS.put("hudson.", "jenkins-core");
        ARTIFACTS.put("jenkins.", "jenkins-core");
        ARTIFACTS.put("org.jenkins.ui.", "jenkins-core");
        ARTIFACTS.put("org.kohsuke.stapler.", "stapler");
        ARTIFACTS.put("org.jenkinsci.Symbol", "symbol-annotation");
        ARTIFACTS.put("org.jvnet.hudson.annotation_indexer.", "annotation-indexer");
        ARTIFACTS.put("org.jenkinsci.plugins.workflow.steps.", "workflow-step-api");
        ARTIFACTS.put("org.jenkinsci.plugins.workflow.support.", "workflow-support");
        ARTIFACTS.put("org.jenkinsci.plugins.workflow.", "workflow-api");
        ARTIFACTS.put("com.cloudbees.plugins.credentials.", "credentials");
        ARTIFACTS.put("org.jenkinsci.plugins.credentialsbinding.", "credentials-binding");
        ARTIFACTS.put("com.datapipe.jenkins.vault.", null); // hashicorp-vault-plugin: resolution:=optional
    }

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void thePluginStartsAndWorksWithOnlyWhatItsRequiredDependenciesProvide() throws Exception {
        Path stubs = codeSource(hudson.model.Job.class);
        assertThat(artifactsOf(stubs)).as("every stub class belongs to a known upstream artifact")
                .doesNotContainKey("?");
        try (VaultFixture vault = VaultFixture.start(); PluginLoader loader = loader(stubs)) {
            vault.writeBrokerPolicies();
            String broker = vault.brokerToken(List.of("aigov-broker", "agent-readonly"));
            Path home = Files.createDirectories(tmp.resolve("jenkins-home"));

            List<String> report = (List<String>) loader.loadClass(PluginLoadingProbe.class.getName())
                    .getMethod("run", Path.class, String.class, String.class)
                    .invoke(null, home, vault.address(), broker);

            String text = String.join("\n", report);
            assertThat(report).as(text).noneMatch(line -> line.startsWith("EXTENSION FAILED")
                    || line.startsWith("BROKEN") || line.startsWith("JENKINS WOULD NOT START")
                    || line.startsWith("AGENT MASKING FAILED") || line.startsWith("initializer failed"));
            assertThat(report).as(text).contains(
                    "extension io.jenkins.plugins.aigovernance.AiGovernanceConfiguration",
                    "extension io.jenkins.plugins.aigovernance.JwksAction",
                    "extension io.jenkins.plugins.aigovernance.WithAgentIdentityStep$DescriptorImpl",
                    "extension io.jenkins.plugins.aigovernance.AiGovernanceGateStep$DescriptorImpl",
                    "extension io.jenkins.plugins.aigovernance.LeaseReaping$OnBuildEnd",
                    "built vault token: [jwt, vault]",
                    "built vault approle: [jwt, vault]",
                    "built vault jwt: [jwt, vault]",
                    "initializer reapAfterStart ran",
                    "outstanding after start 0",
                    "agent console: token ****");
            assertThat(report).as(text).anyMatch(line -> line.startsWith("refused vaultCredentialId: ")
                    && line.contains("needs the HashiCorp Vault plugin, which is not installed"));
            String issued = report.stream().filter(l -> l.startsWith("issued ")).findFirst().orElseThrow();
            String childAccessor = issued.replaceAll(".*vault (\\S+).*", "$1");
            assertThat(vault.tokenAlive(childAccessor)).as("the reaper revoked the dead build's Vault token").isFalse();
        }
    }

    /** The class loader: its sources in order, each with the class names it may define. */
    private PluginLoader loader(Path stubs) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("WEB-INF-lib"));
        List<URL> hpiJars = new ArrayList<>();
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            for (JarEntry entry : Collections.list(hpi.entries())) {
                if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
                    Path jar = lib.resolve(entry.getName().substring("WEB-INF/lib/".length()));
                    try (InputStream in = hpi.getInputStream(entry)) {
                        Files.copy(in, jar);
                    }
                    hpiJars.add(jar.toUri().toURL());
                }
            }
        }
        assertThat(hpiJars).isNotEmpty();
        List<URL> libraries = new ArrayList<>();
        for (String entry : Files.readString(HPI.resolveSibling("linkage-classpath.txt")).trim().split(File.pathSeparator)) {
            if (!entry.contains("vault-java-driver")) { // only the optional Vault plugin brings it
                libraries.add(Paths.get(entry).toUri().toURL());
            }
        }
        // Required plugins' libraries: jackson2-api provides Jackson and SnakeYAML, nimbus-jose-jwt-api nimbus.
        for (Class<?> type : List.of(com.nimbusds.jwt.SignedJWT.class, com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class,
                com.fasterxml.jackson.dataformat.yaml.YAMLFactory.class, org.yaml.snakeyaml.Yaml.class)) {
            libraries.add(codeSource(type).toUri().toURL());
        }
        Path testClasses = codeSource(PluginClassLoadingIT.class);
        Path doubles = compileDoubles(stubs, libraries);
        return new PluginLoader(List.of(
                new PluginLoader.Source(doubles, name -> requiredApi(name)),
                new PluginLoader.Source(testClasses, name -> requiredApi(name) || isProbe(name)),
                new PluginLoader.Source(hpiJars, name -> true),
                new PluginLoader.Source(stubs, PluginClassLoadingIT::requiredApi),
                new PluginLoader.Source(libraries, name -> true)));
    }

    private static boolean isProbe(String name) {
        return name.equals(PluginLoadingProbe.class.getName()) || name.startsWith(PluginLoadingProbe.class.getName() + "$");
    }

    /** Classes of Jenkins core or a required plugin; not the optional Vault plugin's. */
    private static boolean requiredApi(String name) {
        for (Map.Entry<String, String> e : ARTIFACTS.entrySet()) {
            if (name.startsWith(e.getKey())) {
                return e.getValue() != null;
            }
        }
        return false;
    }

    private static Map<String, Integer> artifactsOf(Path classes) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                String artifact = ARTIFACTS.entrySet().stream().filter(e -> name.startsWith(e.getKey())).findFirst()
                        .map(e -> String.valueOf(e.getValue())).orElse("?");
                counts.merge(artifact, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** src/it/doubles compiled against the stubs, as a directory of classes. */
    private Path compileDoubles(Path stubs, List<URL> libraries) throws Exception {
        Path sources = Paths.get(System.getProperty("it.doubles", "src/it/doubles"));
        Path out = Files.createDirectories(tmp.resolve("doubles"));
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "-nowarn", "-classpath",
                stubs + File.pathSeparator + String.join(File.pathSeparator,
                        libraries.stream().map(u -> Paths.get(java.net.URI.create(u.toString())).toString()).toList())));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, args.toArray(String[]::new));
        assertThat(rc).as(errors.toString()).isZero();
        return out;
    }

    private static Path codeSource(Class<?> type) throws Exception {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Defines each class from the first source that has it and may define it; parent: the platform class loader
     * (the JDK only). Resources (the extension and initializer indexes, views) come from every source.
     */
    static final class PluginLoader extends ClassLoader implements AutoCloseable {
        /** @param resources whether its resources are seen (the .hpi's and the libraries': not the tests' indexes) */
        record Source(URLClassLoader urls, java.util.function.Predicate<String> defines, boolean resources) {
            Source(Path path, java.util.function.Predicate<String> defines) throws IOException {
                this(new URLClassLoader(new URL[] {path.toUri().toURL()}, null), defines, false);
            }

            Source(List<URL> urls, java.util.function.Predicate<String> defines) {
                this(new URLClassLoader(urls.toArray(URL[]::new), null), defines, true);
            }
        }

        private final List<Source> sources;

        PluginLoader(List<Source> sources) {
            super("ai-governance-plugin", ClassLoader.getPlatformClassLoader());
            this.sources = sources;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            String path = name.replace('.', '/') + ".class";
            for (Source source : sources) {
                if (!source.defines().test(name)) {
                    continue;
                }
                URL url = source.urls().findResource(path);
                if (url != null) {
                    try (InputStream in = url.openStream()) {
                        byte[] bytes = in.readAllBytes();
                        return defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            for (Source source : sources) {
                URL url = source.resources() ? source.urls().findResource(name) : null;
                if (url != null) {
                    return url;
                }
            }
            return null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            List<URL> all = new ArrayList<>();
            for (Source source : sources) {
                if (source.resources()) {
                    all.addAll(Collections.list(source.urls().findResources(name)));
                }
            }
            return Collections.enumeration(all);
        }

        @Override
        public void close() throws IOException {
            for (Source source : sources) {
                source.urls().close();
            }
        }
    }
}
