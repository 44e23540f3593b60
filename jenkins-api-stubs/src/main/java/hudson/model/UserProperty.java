package hudson.model;

public abstract class UserProperty {
}
