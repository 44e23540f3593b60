package hudson.remoting;

public class Channel implements VirtualChannel {
    private Channel() {
    }

    public static Channel current() {
        return null;
    }
}
