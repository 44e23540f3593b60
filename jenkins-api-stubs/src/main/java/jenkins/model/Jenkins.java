package jenkins.model;

import hudson.PluginManager;
import hudson.init.InitMilestone;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.security.AccessControlled;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import hudson.security.SecurityRealm;
import java.io.File;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

public class Jenkins implements AccessControlled, ItemGroup {
    public static final Permission ADMINISTER = null;
    public static final Permission MANAGE = null;
    public static final Permission READ = null;

    private Jenkins() {
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException();
    }

    public static Jenkins getInstanceOrNull() {
        throw new UnsupportedOperationException();
    }

    public String getRootUrl() throws IllegalStateException {
        throw new UnsupportedOperationException();
    }

    public File getRootDir() {
        throw new UnsupportedOperationException();
    }

    public boolean isUseSecurity() {
        throw new UnsupportedOperationException();
    }

    public SecurityRealm getSecurityRealm() {
        throw new UnsupportedOperationException();
    }

    public static Authentication getAuthentication2() {
        throw new UnsupportedOperationException();
    }

    public PluginManager getPluginManager() {
        throw new UnsupportedOperationException();
    }

    public void setSecurityRealm(SecurityRealm securityRealm) {
        throw new UnsupportedOperationException();
    }

    public void setAuthorizationStrategy(AuthorizationStrategy a) {
        throw new UnsupportedOperationException();
    }

    public InitMilestone getInitLevel() {
        throw new UnsupportedOperationException();
    }

    public <T extends Item> T getItemByFullName(String fullName, Class<T> type) throws AccessDeniedException {
        throw new UnsupportedOperationException();
    }
}
