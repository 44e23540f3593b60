package jenkins.util;

/**
 * Test double of core's {@code jenkins.util.JenkinsJVM} (upstream members): whether this JVM is the controller.
 * False until a test says it is the controller (Jenkins sets it when it starts; agents never do).
 */
public class JenkinsJVM {
    private static volatile boolean jenkinsJVM;

    protected JenkinsJVM() {
    }

    public static boolean isJenkinsJVM() {
        return jenkinsJVM;
    }

    public static void checkJenkinsJVM() {
        if (!jenkinsJVM) {
            throw new IllegalStateException("Not running on the Jenkins controller JVM");
        }
    }

    public static void checkNotJenkinsJVM() {
        if (jenkinsJVM) {
            throw new IllegalStateException("Running on the Jenkins controller JVM");
        }
    }

    protected static void setJenkinsJVM(boolean jenkinsJVM) {
        JenkinsJVM.jenkinsJVM = jenkinsJVM;
    }
}
