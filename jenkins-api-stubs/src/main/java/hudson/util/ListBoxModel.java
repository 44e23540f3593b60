package hudson.util;

import java.util.ArrayList;
import org.kohsuke.stapler.HttpResponse;

public class ListBoxModel extends ArrayList<Object> implements HttpResponse {
    public ListBoxModel() {
    }

    public ListBoxModel add(String nameAndValue) {
        throw new UnsupportedOperationException();
    }
}
