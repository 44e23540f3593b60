package jenkins.util;

/** For tests: which side of a remoting channel the test JVM plays (not upstream). */
public final class ControllerJvm extends JenkinsJVM {
    private ControllerJvm() {
    }

    public static void set(boolean controller) {
        setJenkinsJVM(controller);
    }
}
