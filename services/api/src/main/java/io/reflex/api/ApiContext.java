package io.reflex.api;

import io.reflex.core.bus.EventBus;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.store.StateStore;
import io.reflex.rbac.Authorizer;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.templates.TemplateLimits;
import io.reflex.web.auth.CredentialHeaders;
import io.reflex.web.auth.Principal;
import java.time.Clock;
import java.util.Objects;

/**
 * What every API controller works with: the backends, the authorizer, the API settings and where this node
 * keeps pack content (packs, configs, content cache, virtualenvs). Built once in
 * {@link ApiService#assemble}.
 */
public record ApiContext(
        StateStore store,
        EventBus bus,
        Coordinator coordinator,
        Authorizer authorizer,
        Clock clock,
        Settings settings,
        ContentSettings content) {
    /**
     * API settings resolved from the configuration. {@code cryptoKeyFile} is the datastore key file (made on
     * first start when missing); null means secrets cannot be stored. {@code credentialHeaders} are the
     * request headers webhook payloads never keep. {@code templateLimits} bound the templates the API renders
     * (caller parameters, action aliases).
     */
    public record Settings(
            int maxPageSize,
            boolean maskSecrets,
            String publicUrl,
            String webUiBaseUrl,
            String adminUser,
            java.nio.file.Path cryptoKeyFile,
            CredentialHeaders credentialHeaders,
            TemplateLimits templateLimits) {
        public Settings {
            Objects.requireNonNull(credentialHeaders, "credentialHeaders");
            Objects.requireNonNull(templateLimits, "templateLimits");
        }

        public Settings(int maxPageSize, boolean maskSecrets, String publicUrl, String webUiBaseUrl, String adminUser) {
            this(maxPageSize, maskSecrets, publicUrl, webUiBaseUrl, adminUser, null);
        }

        public Settings(
                int maxPageSize,
                boolean maskSecrets,
                String publicUrl,
                String webUiBaseUrl,
                String adminUser,
                java.nio.file.Path cryptoKeyFile) {
            this(
                    maxPageSize,
                    maskSecrets,
                    publicUrl,
                    webUiBaseUrl,
                    adminUser,
                    cryptoKeyFile,
                    CredentialHeaders.DEFAULT,
                    TemplateLimits.DEFAULTS);
        }
    }

    public ApiContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(content, "content");
    }

    public boolean isAdmin(Principal p) {
        return authorizer.isAdmin(p.user());
    }
}
