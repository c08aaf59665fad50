package io.tandem.host.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.Map;

/**
 * The configuration a host would run with (defaults, file, environment, flags), for an operator
 * to read: every value whose key names a secret ({@link SecretNames}) is replaced by the mask
 * before anything is rendered, so no output of this class can carry a token or key. A
 * {@code *_file} key shows the path it names; the file's content is never part of the tree.
 */
public final class EffectiveConfig {
    private final Config masked;

    private EffectiveConfig(Config masked) {
        this.masked = masked;
    }

    /** Loads and checks the configuration as the host does, then masks it. */
    public static EffectiveConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        return new EffectiveConfig(mask(ConfigLoader.effective(configFile, env, flags)));
    }

    static Config mask(Config merged) {
        Config out = merged;
        for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
            String key = e.getKey();
            String last = key.substring(key.lastIndexOf('.') + 1);
            ConfigValue v = e.getValue();
            if (!SecretNames.isSecret(last)) {
                continue;
            }
            boolean empty = v.valueType() == ConfigValueType.NULL
                    || (v.valueType() == ConfigValueType.STRING && ((String) v.unwrapped()).isEmpty());
            if (!empty) {
                out = out.withValue(key, ConfigValueFactory.fromAnyRef(SecretNames.MASK,
                        v.origin().description()));
            }
        }
        return out;
    }

    /** HOCON, each value preceded by a comment saying where it came from. */
    public String hocon() {
        return masked.root().render(ConfigRenderOptions.defaults().setComments(false).setOriginComments(true)
                .setJson(false).setFormatted(true));
    }

    /** JSON, without comments. */
    public String json() {
        return masked.root().render(ConfigRenderOptions.concise().setFormatted(true));
    }
}
