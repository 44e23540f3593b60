package hudson;

import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of core's {@code hudson.ExtensionList} (compiled and loaded by PluginClassLoadingIT only, ahead of the compile-only stub): the
 * upstream members the plugin uses, over the extensions a test has {@link #register registered} (not upstream), as
 * Jenkins registers what it finds in the {@code @Extension} index.
 */
public class ExtensionList<T> extends AbstractList<T> {
    private static final List<Object> REGISTERED = new CopyOnWriteArrayList<>();

    private ExtensionList() {
    }

    /** Not upstream: an instantiated extension. */
    public static void register(Object extension) {
        REGISTERED.add(extension);
    }

    public static <U> U lookupSingleton(Class<U> type) {
        List<Object> found = REGISTERED.stream().filter(type::isInstance).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("Expected 1 instance of " + type.getName() + " but got " + found.size());
        }
        return type.cast(found.get(0));
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException();
    }
}
