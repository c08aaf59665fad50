package io.tandem.host.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration a host would run with (defaults, file, environment, flags), for an operator
 * to read: every value whose key names a secret ({@link SecretNames}) is replaced by the mask
 * when this object is built, so nothing it renders can carry a token or key. A {@code *_file}
 * key shows the path it names; the file's content is never part of the tree.
 */
public final class EffectiveConfig {
    private static final String DEFAULTS_RESOURCE = "tandem-defaults.conf";

    /** One leaf: its masked value and where it came from (null for a default). */
    private record Leaf(ConfigValue value, String origin) {
    }

    private final Config masked;
    private final Map<String, Leaf> leaves;

    private EffectiveConfig(Config masked, Map<String, Leaf> leaves) {
        this.masked = masked;
        this.leaves = leaves;
    }

    /** Loads and checks the configuration as the host does, then masks it. */
    public static EffectiveConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        return of(ConfigLoader.effective(configFile, env, flags));
    }

    static EffectiveConfig of(Config merged) {
        Config out = merged;
        Map<String, Leaf> leaves = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
            String key = e.getKey();
            ConfigValue v = e.getValue();
            if (SecretNames.isSecret(key.substring(key.lastIndexOf('.') + 1)) && !empty(v)) {
                v = ConfigValueFactory.fromAnyRef(SecretNames.MASK, v.origin().description());
                out = out.withValue(key, v);
            }
            String resource = e.getValue().origin().resource();
            leaves.put(key, new Leaf(v, DEFAULTS_RESOURCE.equals(resource) ? null
                    : e.getValue().origin().description()));
        }
        return new EffectiveConfig(out, leaves);
    }

    private static boolean empty(ConfigValue v) {
        return v.valueType() == ConfigValueType.NULL
                || (v.valueType() == ConfigValueType.STRING && ((String) v.unwrapped()).isEmpty());
    }

    /**
     * HOCON, one {@code key = value} line per key in key order; a value that is not the default
     * says where it came from ({@code # environment TANDEM_…}, {@code # …/tandem.conf: 3}, {@code # flag}).
     */
    public String hocon() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Leaf> e : leaves.entrySet()) {
            b.append(ConfigUtil.joinPath(ConfigUtil.splitPath(e.getKey()))).append(" = ")
                    .append(e.getValue().value().render(ConfigRenderOptions.concise()));
            if (e.getValue().origin() != null) {
                b.append("  # ").append(e.getValue().origin());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** JSON, nested by section, without comments. */
    public String json() {
        return masked.root().render(ConfigRenderOptions.concise().setFormatted(true));
    }
}
