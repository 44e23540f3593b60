package dev.aigov.testing;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * The test's own class path in a loader of its own that refuses some packages, as if their jars were absent: for
 * tests that prove a code path needs no class of an optional dependency. Classes loaded through it are loaded
 * afresh, so the refusal reaches every class they link to.
 */
public final class ClassPathWithout extends URLClassLoader {
    private final List<String> refusedPrefixes;
    private final String why;

    /**
     * @param why             said in each refusal, e.g. "the Vault plugin is not installed"
     * @param refusedPrefixes package prefixes (with their trailing dot) no class is loaded from
     */
    public ClassPathWithout(String why, String... refusedPrefixes) {
        super(testClassPath(), ClassLoader.getPlatformClassLoader());
        this.refusedPrefixes = List.of(refusedPrefixes);
        this.why = why;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : refusedPrefixes) {
            if (name.startsWith(prefix)) {
                throw new ClassNotFoundException(name + " (" + why + ")");
            }
        }
        return super.loadClass(name, resolve);
    }

    private static URL[] testClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            try {
                urls.add(new File(entry).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("class path entry " + entry, e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
