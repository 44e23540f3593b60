package io.jenkins.plugins.aigovernance;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.policy.IdentityRole;
import hudson.Extension;
import hudson.console.ConsoleLogFilter;
import hudson.init.Initializer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;

/**
 * What Jenkins does with the plugin, run inside {@code PluginClassLoadingIT}'s class loader (loaded by it, called
 * reflectively): instantiate every {@code @Extension} from the SezPoz index, build each kind of credential provider,
 * run the {@code @Initializer}s from the annotation index (a failing fatal one stops Jenkins' start), and mask a
 * console on an agent. Returns what happened, one line per fact, for the test to check.
 */
public final class PluginLoadingProbe {
    private PluginLoadingProbe() {
    }

    public static List<String> run(Path home, String vaultAddress, String vaultToken) throws Exception {
        ClassLoader loader = PluginLoadingProbe.class.getClassLoader();
        List<String> report = new ArrayList<>();
        // The doubles' hooks (not upstream, so reached reflectively): the controller, and its extension list.
        Class.forName("jenkins.model.Jenkins", true, loader).getMethod("install", java.io.File.class, String.class)
                .invoke(null, home.toFile(), "https://ci.example/");
        Method register = Class.forName("hudson.ExtensionList", true, loader).getMethod("register", Object.class);
        Class.forName("jenkins.util.ControllerJvm", true, loader).getMethod("set", boolean.class).invoke(null, true);

        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
            try {
                register.invoke(null, item.instance());
                report.add("extension " + item.className());
            } catch (Throwable e) {
                report.add("EXTENSION FAILED " + item.className() + ": " + e);
            }
        }

        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setVaultAddress(vaultAddress);
        for (String method : List.of("token", "approle", "jwt")) {
            config.setVaultAuthMethod(method);
            config.setVaultRole("role-or-role-id");
            config.setVaultSecret(hudson.util.Secret.fromString(vaultToken));
            report.add(built("vault " + method, () -> new TreeMap<>(config.providers(home, "https://ci.example/"))
                    .keySet().toString()));
        }
        config.setVaultAuthMethod("token");
        config.setVaultCredentialId("vault-approle");
        report.add(built("vaultCredentialId", () -> config.providers(home, "https://ci.example/").keySet().toString()));
        config.setVaultCredentialId("");

        // A build died with a jwt and a vault credential open.
        Map<String, CredentialProvider> providers = config.providers(home, "https://ci.example/");
        LeaseJournal journal = new LeaseJournal(home.resolve("jobs/app/builds/7/ai-governance/leases.jsonl"));
        LeaseReaping.registry(home).register("app#7", journal.file());
        List<String> issued = new ArrayList<>();
        for (String provider : List.of("jwt", "vault")) {
            IdentityRole role = new IdentityRole("agent", provider, provider.equals("vault")
                    ? List.of("agent-readonly") : List.of(), "", "https://agent.example", Duration.ofMinutes(5), 0, false);
            Lease lease = providers.get(provider).issue(new IdentityRequest(new BuildRef("app", "7", "", ""), "agent",
                    null, "", "", "", ""), role);
            journal.issued(new LeaseJournal.Entry(lease.handle(), "agent", "app#7", lease.issuedAt(), lease.expiresAt()));
            issued.add(provider + " " + lease.handle().attributes().getOrDefault("child_accessor", lease.handle().id()));
        }
        report.add("issued " + String.join(", ", issued));

        // Meanwhile an admin set (through Configuration as Code) a policy that does not load, and a marker broke.
        config.setPolicyYaml("version: 1\nidentities: [not, a, map]\n");
        java.nio.file.Files.writeString(home.resolve("ai-governance/journals/broken.json"), "{not json");
        // Jenkins starts again: its initializers run; a fatal one that throws stops the start.
        for (Method initializer : initializers(loader)) {
            Initializer annotation = initializer.getAnnotation(Initializer.class);
            try {
                initializer.invoke(null);
                report.add("initializer " + initializer.getName() + " ran");
            } catch (InvocationTargetException e) {
                report.add((annotation.fatal() ? "JENKINS WOULD NOT START: " : "initializer failed (not fatal): ")
                        + initializer.getName() + " threw " + e.getCause());
            }
        }
        report.add("outstanding after start " + journal.outstanding().size());

        // The body's console on an agent.
        ConsoleLogFilter filter = new MaskingFilter(List.of("s3cr3t-token-value"), StandardCharsets.UTF_8.name());
        Class.forName("jenkins.util.ControllerJvm", true, loader).getMethod("set", boolean.class).invoke(null, false);
        try {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = filter.decorateLogger(null, sink)) {
                out.write("token s3cr3t-token-value\n".getBytes(StandardCharsets.UTF_8));
            }
            report.add("agent console: " + sink.toString(StandardCharsets.UTF_8).trim());
        } catch (Throwable e) {
            report.add("AGENT MASKING FAILED: " + e);
        }
        return report;
    }

    @FunctionalInterface
    private interface Build {
        String get() throws Exception;
    }

    private static String built(String what, Build build) {
        try {
            return "built " + what + ": " + build.get();
        } catch (CredentialException e) {
            return "refused " + what + ": " + e.getMessage();
        } catch (Throwable e) {
            return "BROKEN " + what + ": " + e;
        }
    }

    /** As core's InitializerFinder reads them: annotation-indexer's list of classes, their annotated methods. */
    private static List<Method> initializers(ClassLoader loader) throws Exception {
        List<Method> out = new ArrayList<>();
        for (URL index : Collections.list(loader.getResources("META-INF/services/annotations/" + Initializer.class.getName()))) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isBlank()) {
                        continue;
                    }
                    for (Method m : Class.forName(line.trim(), true, loader).getDeclaredMethods()) {
                        if (m.isAnnotationPresent(Initializer.class)) {
                            m.setAccessible(true);
                            out.add(m);
                        }
                    }
                }
            }
        }
        return out;
    }
}
