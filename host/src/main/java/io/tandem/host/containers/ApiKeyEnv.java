package io.tandem.host.containers;

import io.tandem.schema.session.ContainerSpec;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one host environment variable a group's runners may receive beyond the allow-list: the
 * variable named by the agent's {@code api_key_env} (its value, the API key, never enters
 * {@code container.json} or any other file). A name must look like a variable name and may not be
 * one of Tandem's own ({@code TANDEM_*}: host configuration and its secrets), so a group's
 * configuration cannot pull another secret of the host into its runner.
 */
public final class ApiKeyEnv {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private ApiKeyEnv() {
    }

    /** Why {@code name} cannot be passed to a runner, or null when it can. */
    public static String problem(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "agent.api_key_env '" + name + "' must be an environment variable name (letters, digits, _)";
        }
        if (name.toUpperCase(java.util.Locale.ROOT).startsWith("TANDEM_")) {
            return "agent.api_key_env '" + name + "' may not name a TANDEM_* variable (those configure the host)";
        }
        return null;
    }

    /** The variable to pass to runners of a group whose agent is {@code agent}, if any and allowed. */
    public static Optional<String> toPass(ContainerSpec.Agent agent) {
        if (agent == null || agent.apiKeyEnv() == null || agent.apiKeyEnv().isBlank()
                || problem(agent.apiKeyEnv()) != null) {
            return Optional.empty();
        }
        return Optional.of(agent.apiKeyEnv());
    }
}
