package hudson.model;

public class User {
    private User() {
    }

    public static User current() {
        throw new UnsupportedOperationException();
    }

    public String getId() {
        throw new UnsupportedOperationException();
    }
}
