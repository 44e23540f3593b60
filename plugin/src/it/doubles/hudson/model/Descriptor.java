package hudson.model;

import org.kohsuke.stapler.HttpResponse;

/**
 * Test double of core's {@code hudson.model.Descriptor} (compiled and loaded by PluginClassLoadingIT only, ahead of the compile-only stub):
 * the upstream members the plugin uses; {@code load} and {@code save} keep nothing, as for a controller with no
 * saved configuration.
 */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {
    }

    protected Descriptor() {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException();
    }

    /** No configuration file in this double: nothing is written. */
    public synchronized void save() {
    }

    /** No configuration file in this double: the defaults stay, as upstream with no saved file. */
    public synchronized void load() {
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
