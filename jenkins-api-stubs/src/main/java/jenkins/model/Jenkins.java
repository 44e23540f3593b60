package jenkins.model;

import hudson.model.ItemGroup;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.SecurityRealm;
import java.io.File;
import org.springframework.security.core.Authentication;

public class Jenkins implements AccessControlled, ItemGroup {
    public static final Permission ADMINISTER = null;
    public static final Permission MANAGE = null;

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
}
