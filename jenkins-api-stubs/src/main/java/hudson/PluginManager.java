package hudson;

import java.util.List;

public abstract class PluginManager {
    private PluginManager() {
    }

    public List<FailedPlugin> getFailedPlugins() {
        throw new UnsupportedOperationException();
    }

    public PluginWrapper getPlugin(String shortName) {
        throw new UnsupportedOperationException();
    }

    public static final class FailedPlugin {
        private FailedPlugin() {
        }
    }
}
