/**
 * Types of the Slipway Platform Apps API, generated from its OpenAPI document by `npm run generate -w @slipway/client`.
 * Do not edit: regenerate (a test fails while this file is stale).
 */
export interface paths {
    "/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller as a user (recorded the first time it is seen)
         * @description Needs an authenticated caller only.
         */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invoices of the whole account
         * @description Needs `billing:read` on the target.
         */
        get: operations["getAccountInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/invoices/{invoice}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an invoice of the whole account
         * @description Needs `billing:read` on the target.
         */
        get: operations["getAccountInvoicesInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the caller's tokens that are not revoked (never the secrets)
         * @description Needs an authenticated caller only.
         */
        get: operations["getAccountTokens"];
        put?: never;
        /**
         * Mint an API token acting as the caller (shown once; scope is a role ceiling, optionally at an org, space or app)
         * @description Needs an authenticated caller only.
         */
        post: operations["postAccountTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke one of the caller's tokens (refused from the next request on, on every replica)
         * @description Needs an authenticated caller only.
         */
        delete: operations["deleteAccountTokensId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/addon-services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List addon services of every broker
         * @description Needs an authenticated caller only.
         */
        get: operations["getAddonServices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/addon-services/{service}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an addon service by name or id
         * @description Needs an authenticated caller only.
         */
        get: operations["getAddonServicesService"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/addon-services/{service}/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an addon service's plans
         * @description Needs an authenticated caller only.
         */
        get: operations["getAddonServicesServicePlans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/addon-services/{service}/plans/{plan}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a plan by id, name or service:plan
         * @description Needs an authenticated caller only.
         */
        get: operations["getAddonServicesServicePlansPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/addons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List every addon of every app
         * @description Needs `app:read` on the target.
         */
        get: operations["getAddons"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/addons/{addon}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an addon by id or name, with its config vars
         * @description Needs `app:read` on the target.
         */
        get: operations["getAddonsAddon"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/addons/{addon}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the config vars an addon injects (redacted in socs/prod spaces)
         * @description Needs `config:read` on the target.
         */
        get: operations["getAddonsAddonConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app-setups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an app and everything its blueprint describes (the rest is installed in the background)
         * @description Needs `app:write` on the target.
         */
        post: operations["postAppSetups"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app-setups/{setup}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An app setup's progress, status, failure and build
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppSetupsSetup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List apps
         * @description Needs `app:read` on the target.
         */
        get: operations["getApps"];
        put?: never;
        /**
         * Create an app
         * @description Needs `app:write` on the target.
         */
        post: operations["postApps"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an app by id or name-space key
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsApp"];
        put?: never;
        post?: never;
        /**
         * Delete an app and everything it owns
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsApp"];
        options?: never;
        head?: never;
        /**
         * Update maintenance mode (name and build_stack cannot change: 400)
         * @description Needs `app:write` on the target.
         */
        patch: operations["patchAppsApp"];
        trace?: never;
    };
    "/apps/{app}/addon-attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an app's attachments of other apps' addons
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppAddonAttachments"];
        put?: never;
        /**
         * Attach another app's addon (same space and region)
         * @description Needs `app:write` on the target.
         */
        post: operations["postAppsAppAddonAttachments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/addon-attachments/{attachment}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an attachment by its id or name, or by the addon id or name
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppAddonAttachmentsAttachment"];
        put?: never;
        post?: never;
        /**
         * Detach an addon (only attachments of other apps’ addons)
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsAppAddonAttachmentsAttachment"];
        options?: never;
        head?: never;
        /**
         * Promote/demote (primary) or rename an attachment
         * @description Needs `app:write` on the target.
         */
        patch: operations["patchAppsAppAddonAttachmentsAttachment"];
        trace?: never;
    };
    "/apps/{app}/addons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the addons an app owns
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppAddons"];
        put?: never;
        /**
         * Create (provision) an addon from a plan
         * @description Needs `app:write` on the target.
         */
        post: operations["postAppsAppAddons"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/addons/{addon}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an addon of an app (owned or attached)
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppAddonsAddon"];
        put?: never;
        post?: never;
        /**
         * Delete (deprovision) an addon the app owns
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsAppAddonsAddon"];
        options?: never;
        head?: never;
        /**
         * Promote/demote (primary) or rename an addon the app owns
         * @description Needs `app:write` on the target.
         */
        patch: operations["patchAppsAppAddonsAddon"];
        trace?: never;
    };
    "/apps/{app}/app-setups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An app's blueprint: the body POST /app-setups takes to create an equivalent app
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppAppSetups"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/builds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an app's builds
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppBuilds"];
        put?: never;
        /**
         * Create a build from a docker:// image or an https:// / data: source archive (runs in the background)
         * @description Needs `build:create` on the target.
         */
        post: operations["postAppsAppBuilds"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/builds/{build}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a build
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppBuildsBuild"];
        /**
         * Rebuild from the sources of an earlier build (422 once they were archived)
         * @description Needs `build:create` on the target.
         */
        put: operations["putAppsAppBuildsBuild"];
        post?: never;
        /**
         * Stop a running build (205; 422 once it finished)
         * @description Needs `build:create` on the target.
         */
        delete: operations["deleteAppsAppBuildsBuild"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/builds/{build}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A build's status and log lines
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppBuildsBuildResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/builds/auto": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * View the auto build/deploy hook
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppBuildsAuto"];
        put?: never;
        /**
         * Create (or reassign) the auto build/deploy hook; the token is used once and not stored
         * @description Needs `app:write` on the target.
         */
        post: operations["postAppsAppBuildsAuto"];
        /**
         * Remove the auto build/deploy hook (and the webhook on the repository when possible)
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsAppBuildsAuto"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/builds/auto/github": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * View the auto build/deploy hook
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppBuildsAutoGithub"];
        put?: never;
        /** GitHub webhook callback (signed with the hook secret; no token) */
        post: operations["postAppsAppBuildsAutoGithub"];
        /**
         * Remove the auto build/deploy hook (and the webhook on the repository when possible)
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsAppBuildsAutoGithub"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/collaborators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the app's collaborators and their roles
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppCollaborators"];
        put?: never;
        /**
         * Give a user (by id, email or username) a role here, replacing the one it held; never above the caller's own
         * @description Needs `member:manage` on the target.
         */
        post: operations["postAppsAppCollaborators"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/collaborators/{user}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Take a user's role here away
         * @description Needs `member:manage` on the target.
         */
        delete: operations["deleteAppsAppCollaboratorsUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/config-vars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an app's effective config vars (space vars overridden by the app's; ?reveal=true unredacts socs/prod values for config:read-secret holders)
         * @description Needs `config:read` on the target.
         */
        get: operations["getAppsAppConfigVars"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set (string) or remove (null) app config vars; PORT is reserved
         * @description Needs `config:write` on the target.
         */
        patch: operations["patchAppsAppConfigVars"];
        trace?: never;
    };
    "/apps/{app}/dyno/{dyno}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one dyno by id or name
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppDynoDyno"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/dynos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an app's dynos and their state
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppDynos"];
        put?: never;
        post?: never;
        /**
         * Restart every dyno (rolling, in the background)
         * @description Needs `app:deploy` on the target.
         */
        delete: operations["deleteAppsAppDynos"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/dynos/{dyno}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one dyno by id or name
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppDynosDyno"];
        put?: never;
        post?: never;
        /**
         * Restart the dynos of one process type (rolling, in the background)
         * @description Needs `app:deploy` on the target.
         */
        delete: operations["deleteAppsAppDynosType"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/features": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List features and whether they are enabled for the app
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppFeatures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/features/{feature}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one feature of the app
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppFeaturesFeature"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Enable or disable a feature
         * @description Needs `app:write` on the target.
         */
        patch: operations["patchAppsAppFeaturesFeature"];
        trace?: never;
    };
    "/apps/{app}/formation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an app's process types
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppFormation"];
        put?: never;
        /**
         * Create a process type
         * @description Needs `app:write` on the target.
         */
        post: operations["postAppsAppFormation"];
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update several process types (scale, size, port, command, health check)
         * @description Needs `app:write` on the target.
         */
        patch: operations["patchAppsAppFormation"];
        trace?: never;
    };
    "/apps/{app}/formation/{type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a process type
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppFormationType"];
        put?: never;
        post?: never;
        /**
         * Remove a process type
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsAppFormationType"];
        options?: never;
        head?: never;
        /**
         * Update a process type (quantity 0..20; 0 takes it offline)
         * @description Needs `app:write` on the target.
         */
        patch: operations["patchAppsAppFormationType"];
        trace?: never;
    };
    "/apps/{app}/hooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an app's webhooks
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppHooks"];
        put?: never;
        /**
         * Create a webhook
         * @description Needs `app:write` on the target.
         */
        post: operations["postAppsAppHooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/hooks/{hook}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppHooksHook"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsAppHooksHook"];
        options?: never;
        head?: never;
        /**
         * Update a webhook (partial)
         * @description Needs `app:write` on the target.
         */
        patch: operations["patchAppsAppHooksHook"];
        trace?: never;
    };
    "/apps/{app}/hooks/{hook}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a webhook's delivery results
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppHooksHookResults"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/hooks/{hook}/results/{result}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one delivery result
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppHooksHookResultsResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/log-drains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an app's log drains
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppLogDrains"];
        put?: never;
        /**
         * Add a log drain
         * @description Needs `app:write` on the target.
         */
        post: operations["postAppsAppLogDrains"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/log-drains/{drain}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a log drain
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppLogDrainsDrain"];
        put?: never;
        post?: never;
        /**
         * Remove a log drain
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsAppLogDrainsDrain"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/log-drians/{drain}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a log drain
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppLogDriansDrain"];
        put?: never;
        post?: never;
        /**
         * Remove a log drain
         * @description Needs `app:write` on the target.
         */
        delete: operations["deleteAppsAppLogDriansDrain"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/log-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a log session: a short-lived URL streaming the last lines (and, with tail, following)
         * @description Needs `app:read` on the target.
         */
        post: operations["postAppsAppLogSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An app's CPU, memory, file system and network usage
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/pipeline-couplings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an app's pipeline coupling
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getAppsAppPipelineCouplings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/previews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the preview apps of an app
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppPreviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an app's releases
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppReleases"];
        put?: never;
        /**
         * Release a slug, or roll back to an earlier release (deployed in the background)
         * @description Needs `app:deploy` on the target.
         */
        post: operations["postAppsAppReleases"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/releases/{release}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a release
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppReleasesRelease"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/releases/{release}/statuses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A release's status checks and their combined state
         * @description Needs `app:read` on the target.
         */
        get: operations["getAppsAppReleasesReleaseStatuses"];
        put?: never;
        /**
         * Report the state of a status check (by context) on a release
         * @description Needs `app:deploy` on the target.
         */
        post: operations["postAppsAppReleasesReleaseStatuses"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apps/{app}/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the routes to an app
         * @description Needs `site:read` on the target.
         */
        get: operations["getAppsAppRoutes"];
        put?: never;
        /**
         * Create a route from a path of a site to an app
         * @description Needs `site:write` on the target.
         */
        post: operations["postAppsAppRoutes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List recorded activity, filtered by app, space and user
         * @description Needs `audit:read` on the target.
         */
        get: operations["getAudits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/favorites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the caller's favorite apps
         * @description Needs `app:read` on the target.
         */
        get: operations["getFavorites"];
        put?: never;
        /**
         * Add an app to the caller's favorites (again: no change)
         * @description Needs `app:read` on the target.
         */
        post: operations["postFavorites"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/favorites/{app}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an app from the caller's favorites
         * @description Needs `app:read` on the target.
         */
        delete: operations["deleteFavoritesApp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/log-sessions/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a log session (no Authorization header: the URL carries a signed token) */
        get: operations["getLogSessionsToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/authorizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the caller's tokens that are not revoked (never the secrets)
         * @description Needs an authenticated caller only.
         */
        get: operations["getOauthAuthorizations"];
        put?: never;
        /**
         * Mint an API token acting as the caller (shown once; scope is a role ceiling, optionally at an org, space or app)
         * @description Needs an authenticated caller only.
         */
        post: operations["postOauthAuthorizations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/authorizations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke one of the caller's tokens (refused from the next request on, on every replica)
         * @description Needs an authenticated caller only.
         */
        delete: operations["deleteOauthAuthorizationsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI 3.1 document */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organization/{org}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invoices of an organization
         * @description Needs `billing:read` on the target.
         */
        get: operations["getOrganizationOrgInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organization/{org}/invoices/{invoice}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an invoice of an organization
         * @description Needs `billing:read` on the target.
         */
        get: operations["getOrganizationOrgInvoicesInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List organizations
         * @description Needs `org:read` on the target.
         */
        get: operations["getOrganizations"];
        put?: never;
        /**
         * Create an organization
         * @description Needs `org:admin` on the target.
         */
        post: operations["postOrganizations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{org}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an organization
         * @description Needs `org:read` on the target.
         */
        get: operations["getOrganizationsOrg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{org}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invoices of an organization
         * @description Needs `billing:read` on the target.
         */
        get: operations["getOrganizationsOrgInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{org}/invoices/{invoice}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an invoice of an organization
         * @description Needs `billing:read` on the target.
         */
        get: operations["getOrganizationsOrgInvoicesInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{org}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the members of the organization and their roles
         * @description Needs `org:read` on the target.
         */
        get: operations["getOrganizationsOrgMembers"];
        put?: never;
        /**
         * Give a user (by id, email or username) a role here, replacing the one it held; never above the caller's own
         * @description Needs `member:manage` on the target.
         */
        post: operations["postOrganizationsOrgMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/organizations/{org}/members/{user}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Take a user's role here away
         * @description Needs `member:manage` on the target.
         */
        delete: operations["deleteOrganizationsOrgMembersUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pipeline-couplings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List all pipeline couplings
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelineCouplings"];
        put?: never;
        /**
         * Couple an app to a pipeline at a stage
         * @description Needs `pipeline:write` on the target.
         */
        post: operations["postPipelineCouplings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pipeline-couplings/{coupling}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a pipeline coupling
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelineCouplingsCoupling"];
        put?: never;
        post?: never;
        /**
         * Remove an app from its pipeline
         * @description Needs `pipeline:write` on the target.
         */
        delete: operations["deletePipelineCouplingsCoupling"];
        options?: never;
        head?: never;
        /**
         * Change a coupling's stage or required status checks
         * @description Needs `pipeline:write` on the target.
         */
        patch: operations["patchPipelineCouplingsCoupling"];
        trace?: never;
    };
    "/pipeline-promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List promotions
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelinePromotions"];
        put?: never;
        /**
         * Promote a source app's current release to the apps at the next stage (in the background)
         * @description Needs `app:deploy` on the target.
         */
        post: operations["postPipelinePromotions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pipeline-promotions/{promotion}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a promotion
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelinePromotionsPromotion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pipeline-promotions/{promotion}/promotion-targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A promotion's targets: release, status and error of each
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelinePromotionsPromotionPromotionTargets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pipeline-stages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The stages and the stage each promotes to
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelineStages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pipelines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List pipelines
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelines"];
        put?: never;
        /**
         * Create a pipeline
         * @description Needs `pipeline:write` on the target.
         */
        post: operations["postPipelines"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pipelines/{pipeline}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a pipeline by name or id
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelinesPipeline"];
        put?: never;
        post?: never;
        /**
         * Delete a pipeline and its couplings
         * @description Needs `pipeline:write` on the target.
         */
        delete: operations["deletePipelinesPipeline"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pipelines/{pipeline}/pipeline-couplings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a pipeline's couplings
         * @description Needs `pipeline:read` on the target.
         */
        get: operations["getPipelinesPipelinePipelineCouplings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List plugins
         * @description Needs an authenticated caller only.
         */
        get: operations["getPlugins"];
        put?: never;
        /**
         * Publish a plugin
         * @description Needs `plugin:manage` on the target.
         */
        post: operations["postPlugins"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/{plugin}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a plugin
         * @description Needs an authenticated caller only.
         */
        get: operations["getPluginsPlugin"];
        put?: never;
        post?: never;
        /**
         * Unpublish a plugin
         * @description Needs `plugin:manage` on the target.
         */
        delete: operations["deletePluginsPlugin"];
        options?: never;
        head?: never;
        /**
         * Revise a plugin
         * @description Needs `plugin:manage` on the target.
         */
        patch: operations["patchPluginsPlugin"];
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the store answers and the server is not draining (503 otherwise) */
        get: operations["getReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List regions
         * @description Needs an authenticated caller only.
         */
        get: operations["getRegions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/regions/{region}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a region
         * @description Needs an authenticated caller only.
         */
        get: operations["getRegionsRegion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a route from a path of a site to an app
         * @description Needs `site:write` on the target.
         */
        post: operations["postRoutes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/routes/{route}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a route
         * @description Needs `site:read` on the target.
         */
        get: operations["getRoutesRoute"];
        put?: never;
        post?: never;
        /**
         * Delete a route
         * @description Needs `site:write` on the target.
         */
        delete: operations["deleteRoutesRoute"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/site/{site}/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a site's routes
         * @description Needs `site:read` on the target.
         */
        get: operations["getSiteSiteRoutes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sites
         * @description Needs `site:read` on the target.
         */
        get: operations["getSites"];
        put?: never;
        /**
         * Create a site
         * @description Needs `site:write` on the target.
         */
        post: operations["postSites"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sites/{site}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a site by id or domain
         * @description Needs `site:read` on the target.
         */
        get: operations["getSitesSite"];
        put?: never;
        post?: never;
        /**
         * Delete a site and its routes
         * @description Needs `site:write` on the target.
         */
        delete: operations["deleteSitesSite"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sites/{site}/routes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a site's routes
         * @description Needs `site:read` on the target.
         */
        get: operations["getSitesSiteRoutes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sizes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List dyno sizes
         * @description Needs an authenticated caller only.
         */
        get: operations["getSizes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/slugs/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a slug (the image a build produced)
         * @description Needs `app:read` on the target.
         */
        get: operations["getSlugsSlug"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/space/{space}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invoices of a space
         * @description Needs `billing:read` on the target.
         */
        get: operations["getSpaceSpaceInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/space/{space}/invoices/{invoice}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an invoice of a space
         * @description Needs `billing:read` on the target.
         */
        get: operations["getSpaceSpaceInvoicesInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/spaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List spaces
         * @description Needs `space:read` on the target.
         */
        get: operations["getSpaces"];
        put?: never;
        /**
         * Create a space
         * @description Needs `space:write` on the target.
         */
        post: operations["postSpaces"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/spaces/{space}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a space
         * @description Needs `space:read` on the target.
         */
        get: operations["getSpacesSpace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update the compliance or description of a space
         * @description Needs `space:write` on the target.
         */
        patch: operations["patchSpacesSpace"];
        trace?: never;
    };
    "/spaces/{space}/config-vars": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the config vars every app in the space inherits
         * @description Needs `space:read` on the target.
         */
        get: operations["getSpacesSpaceConfigVars"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set (string) or remove (null) space config vars
         * @description Needs `space:write` on the target.
         */
        patch: operations["patchSpacesSpaceConfigVars"];
        trace?: never;
    };
    "/spaces/{space}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invoices of a space
         * @description Needs `billing:read` on the target.
         */
        get: operations["getSpacesSpaceInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/spaces/{space}/invoices/{invoice}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an invoice of a space
         * @description Needs `billing:read` on the target.
         */
        get: operations["getSpacesSpaceInvoicesInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/spaces/{space}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the members of the space and their roles
         * @description Needs `space:read` on the target.
         */
        get: operations["getSpacesSpaceMembers"];
        put?: never;
        /**
         * Give a user (by id, email or username) a role here, replacing the one it held; never above the caller's own
         * @description Needs `member:manage` on the target.
         */
        post: operations["postSpacesSpaceMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/spaces/{space}/members/{user}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Take a user's role here away
         * @description Needs `member:manage` on the target.
         */
        delete: operations["deleteSpacesSpaceMembersUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ssl-ca": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The issuer's root certificate, for clients to trust (local CA)
         * @description Needs `site:read` on the target.
         */
        get: operations["getSslCa"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ssl-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List installed certificates
         * @description Needs `site:read` on the target.
         */
        get: operations["getSslEndpoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ssl-endpoints/{order}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an installed certificate
         * @description Needs `site:read` on the target.
         */
        get: operations["getSslEndpointsOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ssl-orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List certificate orders
         * @description Needs `site:read` on the target.
         */
        get: operations["getSslOrders"];
        put?: never;
        /**
         * Order a certificate
         * @description Needs `cert:manage` on the target.
         */
        post: operations["postSslOrders"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ssl-orders/{order}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a certificate order
         * @description Needs `site:read` on the target.
         */
        get: operations["getSslOrdersOrder"];
        /**
         * Install an issued certificate into the router
         * @description Needs `cert:manage` on the target.
         */
        put: operations["putSslOrdersOrder"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stack/{stack}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a stack
         * @description Needs an authenticated caller only.
         */
        get: operations["getStackStack"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stacks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List stacks
         * @description Needs an authenticated caller only.
         */
        get: operations["getStacks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stacks/{stack}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a stack
         * @description Needs an authenticated caller only.
         */
        get: operations["getStacksStack"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Account: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            email: string;
            id: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            username: string;
        };
        Addon: {
            actions: null;
            addon_service: {
                id: string;
                name: string;
            };
            app: {
                id: string;
                name: string;
            };
            attached_to?: {
                id: string;
                name: string;
                owner: boolean;
            }[];
            billed_price: {
                cents: number;
                contract: boolean;
                unit: string;
            };
            config_vars?: string[] | {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            name: string;
            plan: {
                id: string;
                name: string;
            };
            primary: boolean;
            provider_id: string;
            state?: string;
            state_description?: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            web_url: string;
        };
        AddonAttachment: {
            addon: {
                actions: null;
                addon_service: {
                    id: string;
                    name: string;
                };
                app: {
                    id: string;
                    name: string;
                };
                config_vars: string[];
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                created_at: string;
                /** Format: uuid */
                id: string;
                name: string;
                plan: {
                    id: string;
                    name: string;
                };
            };
            app: {
                id: string;
                name: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            name: string;
            primary: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        AddonConfig: {
            [key: string]: string;
        };
        AddonPlan: {
            addon_service: {
                id: string;
                name: string;
            };
            attributes: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            default: boolean;
            description: string;
            human_name: string;
            id: string;
            installable_inside_private_network: boolean;
            installable_outside_private_network: boolean;
            name: string;
            price: {
                cents: number;
                unit: string;
            };
            provisioned_by?: {
                id: string;
                name: string;
            }[];
            space_default: boolean;
            state: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        AddonService: {
            available_regions: string[];
            cli_plugin_name: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            description: string;
            human_name: string;
            id: string;
            name: string;
            state: string;
            supports_multiple_installations: boolean;
            supports_sharing: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        ApiToken: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            description: string;
            expires_at: string | null;
            /** @description slw_ + the last 4 characters */
            hint: string;
            /** Format: uuid */
            id: string;
            revoked_at: string | null;
            scope: {
                id: string;
                kind: string;
                role: string;
            } | null;
            /** @description the secret, shown once */
            token?: string;
            user: {
                id: string;
            };
        };
        App: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            archived_at: string;
            build_stack: {
                id: string;
                name: string;
            };
            buildpack_provided_description: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            description: string;
            git_url: string;
            /** Format: uuid */
            id: string;
            /** @description image of the last release; empty before the first */
            image: string;
            key: string;
            maintenance: boolean;
            name: string;
            organization: {
                id: string;
                name: string;
            };
            owner: {
                email: string;
                id: string;
            };
            preview: {
                id: string;
            } | null;
            region: {
                id: string;
                name: string;
            };
            released_at: string | null;
            repo_size: number;
            /** @description the app name without its space */
            simple_name: string;
            slug_size: number;
            space: {
                compliance: string;
                id: string;
                name: string;
            };
            stack: {
                id: string;
                name: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            web_url: string;
        };
        AppDeleted: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            archived_at: string;
            build_stack: {
                id: string;
                name: string;
            };
            buildpack_provided_description: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            description: string;
            git_url: string;
            /** Format: uuid */
            id: string;
            /** @description image of the last release; empty before the first */
            image: string;
            key: string;
            maintenance: boolean;
            name: string;
            organization: {
                id: string;
                name: string;
            };
            owner: {
                email: string;
                id: string;
            };
            preview: {
                id: string;
            } | null;
            region: {
                id: string;
                name: string;
            };
            released_at: string | null;
            repo_size: number;
            result: string;
            /** @description the app name without its space */
            simple_name: string;
            slug_size: number;
            space: {
                compliance: string;
                id: string;
                name: string;
            };
            stack: {
                id: string;
                name: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            web_url: string;
        };
        AppMetrics: {
            [key: string]: {
                [key: string]: number;
            };
        };
        AppSetup: {
            app: {
                id: string;
                name: string;
            };
            build: {
                id: string | null;
                output_stream_url: string | null;
                status: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            failure_message: string;
            id: string;
            manifest_errors: string[];
            postdeploy: {
                exit_code: number | null;
                output: string;
            } | null;
            progress: number;
            resolved_success_url: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Audit: {
            action: string;
            app?: {
                id: string;
                name: string;
            };
            info: string;
            received_at: string;
            space?: {
                name: string;
            };
            timestamp: string;
            username: string;
        } & {
            [key: string]: unknown;
        };
        AutoBuild: {
            app: {
                id: string;
                name: string;
            };
            auto_deploy: boolean;
            branch: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            id: string;
            organization: {
                id: string;
                name: string;
            };
            repo: string;
            site: string;
            space: {
                id: string;
                name: string;
            };
            status_check: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            username: string;
        };
        AutoBuildCallback: {
            detail: string;
            status: string;
        };
        AutoBuildStatus: {
            /** @constant */
            status: "successful";
        };
        Blueprint: {
            addons: {
                [key: string]: {
                    as?: string;
                    plan: string;
                };
            };
            app: {
                locked: boolean;
                name: string;
                organization: string;
                personal: boolean;
                region: string;
                space: string;
                stack: string;
            };
            attachments: {
                app: string;
                id: string;
                name: string;
            }[];
            env: {
                [key: string]: {
                    description: string;
                    required: boolean;
                    value?: string;
                };
            };
            formation: {
                [key: string]: {
                    command: string | null;
                    healthcheck?: string | null;
                    port?: number | null;
                    quantity: number;
                    size: string;
                };
            };
            "log-drains": {
                token: string;
                url: string;
            }[];
            "pipeline-couplings": {
                pipeline: string;
                stage: string;
            }[];
            sites: {
                [key: string]: {
                    routes: {
                        source_path: string;
                        target_path: string;
                    }[];
                };
            };
            source_blob: {
                checksum: string;
                url: string;
                version: string | null;
            } | null;
        };
        Build: {
            app: {
                /** Format: uuid */
                id: string;
                key: string;
                name: string;
            };
            buildpacks: null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            output_stream_url: string;
            release: {
                /** Format: uuid */
                id: string;
            } | null;
            slug: {
                /** Format: uuid */
                id: string;
            } | null;
            source_blob: {
                checksum: string;
                commit: string | null;
                url: string;
                version: string | null;
            };
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed" | "stopped";
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            user: {
                email: string;
                id: string;
            };
        };
        BuildResult: {
            build: {
                id: string;
                status: string;
            };
            lines: string[];
        };
        ConfigVars: {
            [key: string]: string;
        };
        Dyno: {
            additional_info: string;
            app: {
                id: string;
                name: string;
            };
            attach_url: string;
            command: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            id: string;
            name: string;
            ready: boolean;
            release: {
                id: string;
                version: number;
            } | null;
            size: string;
            state: string;
            type: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        DynoRestart: {
            /** @constant */
            status: "pending";
        };
        Error: {
            /** @description HTTP status */
            code: number;
            /** @description the request field at fault */
            field?: string;
            /** @description stable error id, e.g. not_found */
            id: string;
            /** @description on a 422 of POST /app-setups: every problem of the blueprint, each naming its field path */
            manifest_errors?: string[];
            message: string;
            /** @description on a 403: the permission the caller lacks */
            permission?: string;
        };
        Feature: {
            description: string;
            display_name: string;
            doc_url: string;
            enabled: boolean;
            feedback_email: string;
            id: string;
            name: string;
            state: string;
        };
        Formation: {
            app: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            command: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            healthcheck: string | null;
            /** Format: uuid */
            id: string;
            port: number | null;
            quantity: number;
            size: string;
            type: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Hook: {
            active: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            events: string[];
            /** Format: uuid */
            id: string;
            secret: string;
            url: string;
        };
        HookResult: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            hook: {
                events: string[];
                id: string;
            };
            /** Format: uuid */
            id: string;
            last_attempt: {
                error?: string;
                request: {
                    body: {
                        [key: string]: unknown;
                    };
                    headers: {
                        [key: string]: string;
                    };
                    method: string;
                    url: string;
                };
                response: {
                    code: number | null;
                    headers: {
                        [key: string]: string;
                    };
                } | null;
                status: string;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                updated_at: string;
            } | null;
            num_attempts: number;
            status: string;
        };
        Invoice: {
            addons_total: number;
            charges_total: number;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            credits_total: number;
            database_total: number;
            dyno_units: number;
            id: string;
            items: {
                app: {
                    name: string;
                };
                billed_price: number;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                created_at: string;
                deleted_at: string | null;
                description: string;
                organization: string;
                price_per_unit: number;
                quantity: number;
                type: string;
            }[];
            number: string;
            payment_status: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            period_end: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            period_start: string;
            platform_total: number;
            state: number;
            total: number;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            weighted_dyno_hours: number;
        };
        InvoiceRef: {
            $ref: string;
        };
        LogDrain: {
            addon: {
                id: string;
                name: string;
            } | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            token: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            url: string;
        };
        LogSession: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            id: string;
            logplex_url: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Membership: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            role: string;
            scope: {
                id: string;
                kind: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            user: {
                email: string;
                id: string;
                username: string;
            };
        };
        Organization: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            name: string;
            role: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Pipeline: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            name: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        PipelineCoupling: {
            app: {
                id: string;
                name: string | null;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            pipeline: {
                id: string;
                name: string;
            };
            required_status_checks: {
                contexts: string[];
            };
            stage: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        PipelinePromotion: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            pipeline: {
                id: string;
            };
            source: {
                app: {
                    id: string;
                    name?: string;
                };
                release: {
                    id: string;
                };
                space?: {
                    name: string;
                };
            };
            status: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        PipelinePromotionTarget: {
            app: {
                id: string;
            };
            error_message: string;
            /** Format: uuid */
            id: string;
            pipeline_promotion: {
                id: string;
            };
            release: {
                id: string | null;
            };
            status: string;
        };
        Plugin: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            description: string;
            /** Format: uuid */
            id: string;
            name: string;
            owner: {
                email: string;
                name: string;
            };
            repo: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Preview: {
            app: {
                id: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            id: string;
            source: {
                app: {
                    id: string;
                    name: string;
                };
                "app-setup": {
                    id: string;
                } | null;
                trigger: {
                    id: string;
                    type: string;
                };
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Region: {
            country: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            description: string;
            high_availiability: boolean;
            id: string;
            locale: string;
            name: string;
            private_capable: boolean;
            provider: {
                availability_zones: string[];
                name: string;
                region: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Release: {
            app: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            current: boolean;
            description: string;
            /** Format: uuid */
            id: string;
            slug: {
                id: string;
            };
            status: string;
            user: {
                email: string;
                id: string;
            };
            version: number;
        };
        ReleaseStatusCheck: {
            context: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            description: string;
            /** Format: uuid */
            id: string;
            image_url: string | null;
            name: string;
            release: {
                id: string;
            };
            state: string;
            target_url: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        ReleaseStatuses: {
            release: {
                id: string;
            };
            state: string;
            statuses: components["schemas"]["ReleaseStatusCheck"][];
        };
        Route: {
            app: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            site: string;
            source_path: string;
            target_path: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        RouteList: components["schemas"]["Route"][];
        Site: {
            compliance: string[];
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            domain: string;
            /** Format: uuid */
            id: string;
            region: {
                id: string;
                name: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Size: {
            name: string;
            price: number;
            resources: {
                limits: {
                    memory: string;
                };
                requests: {
                    memory: string;
                };
            };
        };
        Slug: {
            app: {
                id?: string;
                key?: string;
                name?: string;
            };
            buildpacks: null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /** Format: uuid */
            id: string;
            image: string;
            output_stream_url: string;
            process_types: {
                [key: string]: string;
            };
            release: {
                /** Format: uuid */
                id: string;
            } | null;
            slug: {
                /** Format: uuid */
                id: string;
            } | null;
            source_blob: {
                checksum: string;
                commit: string | null;
                url: string;
                version: string | null;
            };
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed" | "stopped";
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
            user: {
                email: string;
                id: string;
            };
        };
        Space: {
            apps: number;
            compliance: string[];
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            description: string;
            /** Format: uuid */
            id: string;
            name: string;
            region: {
                id: string;
                name: string;
            };
            stack: {
                id: string;
                name: string;
            };
            state: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        SslCa: {
            certificate: string;
            issuer: string;
        };
        SslEndpoint: {
            certificate: string | null;
            comments: string;
            common_name: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            domain_names: string[];
            expires: string | null;
            /** Format: uuid */
            id: string;
            installed: boolean;
            issued: string | null;
            name: string;
            organization: {
                id: string;
                name: string;
            };
            region: {
                id: string;
                name: string;
            };
            requester: {
                name: string;
            };
            /** @enum {string} */
            status: "pending" | "issued" | "failed";
            status_reason: string | null;
            /** @enum {string} */
            type: "ssl_plus" | "multi_domain" | "wildcard";
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        SslOrder: {
            comments: string;
            common_name: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            domain_names: string[];
            expires: string | null;
            /** Format: uuid */
            id: string;
            installed: boolean;
            issued: string | null;
            name: string;
            organization: {
                id: string;
                name: string;
            };
            region: {
                id: string;
                name: string;
            };
            requester: {
                name: string;
            };
            /** @enum {string} */
            status: "pending" | "issued" | "failed";
            status_reason: string | null;
            /** @enum {string} */
            type: "ssl_plus" | "multi_domain" | "wildcard";
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Stack: {
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            id: string;
            name: string;
            region: {
                id: string;
                name: string;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
    };
    responses: {
        /** @description Malformed request: a body that is not JSON, or a bad Range header */
        BadRequest: {
            headers: {
                "Request-Id": components["headers"]["Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Error */
        Error: {
            headers: {
                "Request-Id": components["headers"]["Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The caller lacks the permission the operation names (`x-permission`) */
        Forbidden: {
            headers: {
                "Request-Id": components["headers"]["Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Invalid input; `field` names the part at fault */
        Invalid: {
            headers: {
                "Request-Id": components["headers"]["Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A resource the path names does not exist */
        NotFound: {
            headers: {
                "Request-Id": components["headers"]["Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No valid token */
        Unauthorized: {
            headers: {
                "Request-Id": components["headers"]["Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description On a 206 page: the Range header that fetches the next page. */
        "Next-Range": string;
        /** @description The request's id (the caller's own Request-Id when it sent a sane one); logs carry it. */
        "Request-Id": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    getAccountInvoices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceRef"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getAccountInvoicesInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoice: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAccountTokens: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    postAccountTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default  */
                    description?: string;
                    /** @default 30 */
                    expires_in_days?: number;
                    scope?: {
                        app?: string;
                        org?: string;
                        /** @enum {string} */
                        role: "viewer" | "deployer" | "member" | "admin" | "owner";
                        space?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAccountTokensId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAddonServices: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonService"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonService"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    getAddonServicesService: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                service: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonService"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAddonServicesServicePlans: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path: {
                service: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonPlan"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonPlan"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAddonServicesServicePlansPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                plan: string;
                service: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonPlan"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAddons: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getAddonsAddon: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                addon: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAddonsAddonConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                addon: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonConfig"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppSetups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description { service: { plan } } or ["service:plan" | { plan, as }] */
                    addons?: unknown;
                    /** @description { name, organization (or org), space, stack? } */
                    app?: unknown;
                    /** @description [{ id | name, app }] */
                    attachments?: unknown;
                    /** @description { KEY: { value, required, description } | "value" | { generator: "secret" } } */
                    env?: unknown;
                    /** @description { type: { quantity, size, port, command, health-check } } or [{ type, ... }] */
                    formation?: unknown;
                    /** @description [{ url, token }] */
                    "log-drains"?: unknown;
                    /** @description { env: { KEY: "value" } } (Heroku) */
                    overrides?: unknown;
                    /** @description [{ pipeline, stage }] */
                    "pipeline-couplings"?: unknown;
                    /** @description { postdeploy: "command" | { command } } */
                    scripts?: unknown;
                    /** @description { url, checksum (sha256:..., for archives), version } */
                    source_blob?: unknown;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppSetup"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppSetupsSetup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                setup: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppSetup"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getApps: {
        parameters: {
            query?: {
                space?: string;
            };
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postApps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    name: string;
                    org: string;
                    space: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppDeleted"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchAppsApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    build_stack?: string;
                    description?: string;
                    maintenance?: boolean;
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppAddonAttachments: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonAttachment"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonAttachment"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppAddonAttachments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    addon: string;
                    app?: string;
                    force?: boolean;
                    name?: string | null;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonAttachment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppAddonAttachmentsAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                attachment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonAttachment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppAddonAttachmentsAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                attachment: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonAttachment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchAppsAppAddonAttachmentsAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                attachment: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    primary?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddonAttachment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppAddons: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppAddons: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    attachment?: {
                        name?: string;
                    };
                    parameters?: {
                        [key: string]: unknown;
                    };
                    plan: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppAddonsAddon: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                addon: string;
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppAddonsAddon: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                addon: string;
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchAppsAppAddonsAddon: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                addon: string;
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    attachment?: {
                        name?: string;
                    };
                    primary?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Addon"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppAppSetups: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Blueprint"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppBuilds: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Build"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Build"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppBuilds: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    branch?: string;
                    checksum: string;
                    org?: string;
                    repo?: string;
                    sha?: string;
                    url: string;
                    version?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Build"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppBuildsBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                build: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Build"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    putAppsAppBuildsBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                build: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Build"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppBuildsBuild: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                build: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            205: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppBuildsBuildResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                build: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppBuildsAuto: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoBuild"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppBuildsAuto: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    auto_deploy?: boolean;
                    branch: string;
                    repo: string;
                    status_check?: boolean;
                    token: string;
                    username: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoBuildStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppBuildsAuto: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoBuildStatus"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppBuildsAutoGithub: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoBuild"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppBuildsAutoGithub: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoBuildCallback"];
                };
            };
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppBuildsAutoGithub: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoBuildStatus"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppCollaborators: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppCollaborators: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "viewer" | "deployer" | "member" | "admin" | "owner";
                    user: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppCollaboratorsUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppConfigVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigVars"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchAppsAppConfigVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: string | null;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigVars"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppDynoDyno: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                dyno: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dyno"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppDynos: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dyno"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppDynos: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            202: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DynoRestart"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppDynosDyno: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                dyno: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dyno"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppDynosType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                dyno: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            202: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DynoRestart"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppFeatures: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "name ..; max=200"; sortable by name */
                Range?: string;
            };
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Feature"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Feature"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppFeaturesFeature: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                feature: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Feature"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchAppsAppFeaturesFeature: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                feature: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Feature"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppFormation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Formation"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppFormation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    command?: string | null;
                    healthcheck?: string | null;
                    port?: number | null;
                    quantity: number;
                    "remove-command"?: boolean;
                    removeHealthcheck?: boolean;
                    size?: string;
                    type: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Formation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchAppsAppFormation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    command?: string | null;
                    healthcheck?: string | null;
                    port?: number | null;
                    quantity?: number;
                    "remove-command"?: boolean;
                    removeHealthcheck?: boolean;
                    size?: string;
                    type: string;
                }[];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Formation"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppFormationType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Formation"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppFormationType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Formation"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchAppsAppFormationType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                type: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    command?: string | null;
                    healthcheck?: string | null;
                    port?: number | null;
                    quantity?: number;
                    "remove-command"?: boolean;
                    removeHealthcheck?: boolean;
                    size?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Formation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppHooks: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hook"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hook"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppHooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    events: ("release" | "build" | "feature_change" | "formation_change" | "logdrain_change" | "addon_change" | "config_change" | "destroy" | "preview" | "released" | "crashed")[];
                    secret?: string;
                    url: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppHooksHook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                hook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hook"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppHooksHook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                hook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hook"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchAppsAppHooksHook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                hook: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    active?: boolean;
                    events?: ("release" | "build" | "feature_change" | "formation_change" | "logdrain_change" | "addon_change" | "config_change" | "destroy" | "preview" | "released" | "crashed")[];
                    secret?: string;
                    url?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hook"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppHooksHookResults: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                app: string;
                hook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookResult"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookResult"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppHooksHookResultsResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                hook: string;
                result: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppLogDrains: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogDrain"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogDrain"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppLogDrains: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogDrain"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppLogDrainsDrain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                drain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogDrain"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppLogDrainsDrain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                drain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogDrain"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppLogDriansDrain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                drain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogDrain"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteAppsAppLogDriansDrain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                drain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogDrain"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppLogSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    lines?: number;
                    tail?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppMetrics: {
        parameters: {
            query?: {
                from?: string;
                resolution?: string;
                to?: string;
            };
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppMetrics"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppPipelineCouplings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppPreviews: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preview"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppReleases: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppReleases: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    release?: string;
                    slug?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppReleasesRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                release: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppReleasesReleaseStatuses: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                release: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleaseStatuses"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppReleasesReleaseStatuses: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
                release: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    context: string;
                    description?: string;
                    /** Format: uri */
                    image_url?: string;
                    name?: string;
                    /** @enum {string} */
                    state: "pending" | "success" | "failure" | "error";
                    /** Format: uri */
                    target_url?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReleaseStatusCheck"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAppsAppRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RouteList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postAppsAppRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app?: string;
                    site: string;
                    source_path: string;
                    target_path: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Route"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getAudits: {
        parameters: {
            query?: {
                app?: string;
                space?: string;
                user?: string;
            };
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Audit"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Audit"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getFavorites: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postFavorites: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteFavoritesApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["App"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getLogSessionsToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; charset=utf-8": string;
                };
            };
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getOauthAuthorizations: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    postOauthAuthorizations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default  */
                    description?: string;
                    /** @default 30 */
                    expires_in_days?: number;
                    scope?: {
                        app?: string;
                        org?: string;
                        /** @enum {string} */
                        role: "viewer" | "deployer" | "member" | "admin" | "owner";
                        space?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteOauthAuthorizationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getOrganizationOrgInvoices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceRef"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getOrganizationOrgInvoicesInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoice: string;
                org: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getOrganizations: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postOrganizations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getOrganizationsOrg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getOrganizationsOrgInvoices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceRef"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getOrganizationsOrgInvoicesInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoice: string;
                org: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getOrganizationsOrgMembers: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                org: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postOrganizationsOrgMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "viewer" | "deployer" | "member" | "admin" | "owner";
                    user: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteOrganizationsOrgMembersUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org: string;
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPipelineCouplings: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postPipelineCouplings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app: string;
                    pipeline: string;
                    required_status_checks?: {
                        contexts: string[];
                    };
                    /** @enum {string} */
                    stage: "review" | "development" | "staging" | "production";
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPipelineCouplingsCoupling: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                coupling: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deletePipelineCouplingsCoupling: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                coupling: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchPipelineCouplingsCoupling: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                coupling: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    required_status_checks?: {
                        contexts: string[];
                    };
                    /** @enum {string} */
                    stage?: "review" | "development" | "staging" | "production";
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPipelinePromotions: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelinePromotion"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelinePromotion"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postPipelinePromotions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pipeline: {
                        id?: string;
                        name?: string;
                    };
                    safe?: boolean;
                    source: {
                        app: {
                            id: string;
                            release?: {
                                id: string;
                            };
                        };
                        release?: {
                            id: string;
                        };
                    };
                    targets?: {
                        app: {
                            id: string;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelinePromotion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPipelinePromotionsPromotion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promotion: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelinePromotion"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPipelinePromotionsPromotionPromotionTargets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promotion: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelinePromotionTarget"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPipelineStages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getPipelines: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pipeline"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pipeline"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postPipelines: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pipeline"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPipelinesPipeline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pipeline: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pipeline"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deletePipelinesPipeline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pipeline: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pipeline"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPipelinesPipelinePipelineCouplings: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                pipeline: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PipelineCoupling"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPlugins: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plugin"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plugin"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    postPlugins: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    /** Format: email */
                    email: string;
                    name: string;
                    owner: string;
                    repo: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plugin"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getPluginsPlugin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                plugin: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plugin"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deletePluginsPlugin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                plugin: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plugin"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchPluginsPlugin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                plugin: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    /** Format: email */
                    email?: string;
                    owner?: string;
                    repo?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plugin"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        draining: boolean;
                        status: string;
                        store: string;
                    };
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getRegions: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Region"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Region"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    getRegionsRegion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                region: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Region"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app?: string;
                    site: string;
                    source_path: string;
                    target_path: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Route"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getRoutesRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                route: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Route"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteRoutesRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                route: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Route"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSiteSiteRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RouteList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSites: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, domain */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postSites: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    domain: string;
                    internal?: boolean | null;
                    region?: string;
                    regoin?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSitesSite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteSitesSite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSitesSiteRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RouteList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSizes: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "name ..; max=200"; sortable by name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Size"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Size"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    getSlugsSlug: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Slug"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSpaceSpaceInvoices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                space: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceRef"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSpaceSpaceInvoicesInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoice: string;
                space: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSpaces: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Space"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Space"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postSpaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    compliance?: string[];
                    description?: string;
                    name: string;
                    stack?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Space"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSpacesSpace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                space: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Space"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchSpacesSpace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                space: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    compliance?: string[];
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Space"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSpacesSpaceConfigVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                space: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigVars"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    patchSpacesSpaceConfigVars: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                space: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: string | null;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConfigVars"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSpacesSpaceInvoices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                space: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceRef"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSpacesSpaceInvoicesInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoice: string;
                space: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSpacesSpaceMembers: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id */
                Range?: string;
            };
            path: {
                space: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    postSpacesSpaceMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                space: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "viewer" | "deployer" | "member" | "admin" | "owner";
                    user: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    deleteSpacesSpaceMembersUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                space: string;
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSslCa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslCa"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getSslEndpoints: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslEndpoint"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslEndpoint"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    getSslEndpointsOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslEndpoint"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSslOrders: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslOrder"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslOrder"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Error"];
        };
    };
    postSslOrders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comments?: string | null;
                    common_name?: string | null;
                    domain_names: string[];
                    name: string;
                    org: string;
                    region?: string | null;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslOrder"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getSslOrdersOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslOrder"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    putSslOrdersOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SslOrder"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getStackStack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                stack: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stack"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
    getStacks: {
        parameters: {
            query?: never;
            header?: {
                /** @description e.g. "id ..; max=200"; sortable by id, name */
                Range?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stack"][];
                };
            };
            /** @description Partial: more remain; see the Next-Range header */
            206: {
                headers: {
                    "Next-Range": components["headers"]["Next-Range"];
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stack"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Error"];
        };
    };
    getStacksStack: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                stack: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "Request-Id": components["headers"]["Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stack"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
            default: components["responses"]["Error"];
        };
    };
}
