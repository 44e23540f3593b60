package hudson.model;

import hudson.security.Permission;

import org.kohsuke.stapler.HttpResponse;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {
    }

    protected Descriptor() {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException();
    }

    public Permission getRequiredGlobalConfigPagePermission() {
        throw new UnsupportedOperationException();
    }

    public synchronized void save() {
        throw new UnsupportedOperationException();
    }

    public synchronized void load() {
        throw new UnsupportedOperationException();
    }

    public static final class FormException extends Exception implements HttpResponse {
        public FormException(String message, String formField) {
            super(message);
        }

        public String getFormField() {
            throw new UnsupportedOperationException();
        }
    }
}
