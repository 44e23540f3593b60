package jenkins.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;
import org.springframework.security.core.Authentication;

/**
 * Test double of core's {@code jenkins.model.Jenkins} (compiled and loaded by PluginClassLoadingIT only, ahead of the compile-only stub): the
 * upstream members the plugin uses, answering for a controller a test has {@link #install installed} (not
 * upstream); {@link #get()} throws {@link IllegalStateException} before, as upstream does while Jenkins is not up.
 */
public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = null;
    public static final Permission MANAGE = null;

    private static volatile Jenkins instance;

    private final File rootDir;
    private final String rootUrl;

    private Jenkins(File rootDir, String rootUrl) {
        this.rootDir = rootDir;
        this.rootUrl = rootUrl;
    }

    /** Not upstream: the controller the static accessors answer for from now on (null: none). */
    public static void install(File rootDir, String rootUrl) {
        instance = rootDir == null ? null : new Jenkins(rootDir, rootUrl);
    }

    public static Jenkins get() throws IllegalStateException {
        Jenkins jenkins = instance;
        if (jenkins == null) {
            throw new IllegalStateException("Jenkins.instance is missing");
        }
        return jenkins;
    }

    public static Jenkins getInstanceOrNull() {
        return instance;
    }

    public String getRootUrl() throws IllegalStateException {
        return rootUrl;
    }

    public File getRootDir() {
        return rootDir;
    }

    public static Authentication getAuthentication2() {
        throw new UnsupportedOperationException("no security realm in this test double");
    }
}
