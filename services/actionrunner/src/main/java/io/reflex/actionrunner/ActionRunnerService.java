package io.reflex.actionrunner;

import io.reflex.actionrunner.runners.ActionChainRunner;
import io.reflex.actionrunner.runners.AnnouncementRunner;
import io.reflex.actionrunner.runners.HttpRunner;
import io.reflex.actionrunner.runners.InquirerRunner;
import io.reflex.actionrunner.runners.LocalShellRunner;
import io.reflex.actionrunner.runners.NoopRunner;
import io.reflex.actionrunner.runners.OrquestaRunner;
import io.reflex.actionrunner.runners.PythonRunner;
import io.reflex.actionrunner.runners.Runner;
import io.reflex.actionrunner.runners.SshRunner;
import io.reflex.actionrunner.runners.WinRmRunner;
import io.reflex.content.ContentCache;
import io.reflex.content.ContentStore;
import io.reflex.core.execution.Execution.RunnerInfo;
import io.reflex.core.messages.Channels;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionWriter;
import io.reflex.executions.StoreDatastore;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.ProcessIdentity;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import io.reflex.runtime.web.WebParts;
import io.reflex.templates.Datastore;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.Templates;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The actionrunner service (StackStorm's st2actionrunner and st2scheduler in one), assembled in one function. */
public final class ActionRunnerService implements Service {
    /** The StackStorm version Reflex presents itself as (http-request's {@code User-Agent: st2/v...}). */
    static final String ST2_VERSION = "3.9.0";

    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    @Override
    public String name() {
        return "actionrunner";
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        Config config = ctx.config();
        Clock clock = Clock.systemUTC();
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components: registry membership, the python wrapper, runners, the request consumer
        StandardParts.registration(ctx, lifecycle, backends);
        RunnerSettings settings = RunnerSettings.from(config, ctx.memberId());
        ContentSettings content = ContentSettings.from(config);
        PythonWrapper wrapper = lifecycle.push(
                "python-wrapper",
                new PythonWrapper(config.get(ConfigKeys.DATA_DIR).resolve("python")));
        ExecutionWriter writer = new ExecutionWriter(backends.store().executions(), backends.bus());
        Datastore datastore = StoreDatastore.readingKeyFile(backends.store(), WebParts.cryptoKeyFile(config), clock);
        ExecutionLauncher launcher = new ExecutionLauncher(backends.store(), backends.bus(), writer, clock, null);
        List<Runner> runners =
                runners(lifecycle, settings, backends, launcher, writer, datastore, clock, wrapper, content);
        RequestConsumer.Drain drain = new RequestConsumer.Drain();
        RequestConsumer consumer = consumer(backends, settings, runners, writer, datastore, drain, content, clock);
        lifecycle.push("orphaned-actions", new OrphanSweep(settings.treesDir()));
        lifecycle.push("executions", consumer);
        // 3. http: /healthz
        StandardParts.http(ctx, lifecycle, StandardParts.routerWithHealth(ctx, backends), "health: /healthz");
    }

    /** The intake of requested executions: admission, claim, preparation and finishing of each. */
    static RequestConsumer consumer(
            Backends backends,
            RunnerSettings settings,
            List<Runner> runners,
            ExecutionWriter writer,
            Datastore datastore,
            RequestConsumer.Drain drain,
            ContentSettings content,
            Clock clock) {
        StateStore store = backends.store();
        Preparation preparation = new Preparation(
                store,
                runners,
                new ContentCache(content.cacheDir(), new ContentStore(store, clock)),
                content.packsDir(),
                new ParameterRenderer(new Templates(datastore, settings.templateLimits())),
                datastore,
                backends.bus().log(Channels.EVENTS),
                settings,
                clock);
        Attempt.Parts parts = new Attempt.Parts(
                settings,
                clock,
                store.executions(),
                writer,
                new ExecutionResults(store, settings.resultInlineLimit()),
                runnerInfo());
        PermitWaiter permits = new PermitWaiter(backends.coordinator(), CHECK_EVERY);
        Admission admission = new Admission(store, backends.bus(), writer, permits, drain, clock, CHECK_EVERY);
        return new RequestConsumer(backends.bus(), store.executions(), admission, preparation, parts, drain, settings);
    }

    /** Every runner type this service runs; the SSH clients close with the service. */
    private static List<Runner> runners(
            Lifecycle lifecycle,
            RunnerSettings settings,
            Backends backends,
            ExecutionLauncher launcher,
            ExecutionWriter writer,
            Datastore datastore,
            Clock clock,
            PythonWrapper wrapper,
            ContentSettings content) {
        SshRunner remoteCmd = lifecycle.pushOpen("ssh-cmd", new SshRunner(false, settings.systemUser()));
        SshRunner remoteScript = lifecycle.pushOpen("ssh-script", new SshRunner(true, settings.systemUser()));
        return List.of(
                LocalShellRunner.command(),
                LocalShellRunner.script(),
                new PythonRunner(wrapper.dir(), pack -> content.virtualenvsDir().resolve(pack), settings.apiUrl()),
                new HttpRunner(ST2_VERSION),
                new NoopRunner(),
                remoteCmd,
                remoteScript,
                new AnnouncementRunner(backends.bus().log(Channels.EVENTS)),
                new InquirerRunner(backends.store(), backends.bus(), clock),
                new OrquestaRunner(backends.store(), backends.bus(), clock),
                new WinRmRunner(WinRmRunner.Kind.CMD),
                new WinRmRunner(WinRmRunner.Kind.PS_CMD),
                new WinRmRunner(WinRmRunner.Kind.PS_SCRIPT),
                new ActionChainRunner(
                        launcher,
                        writer,
                        backends.store(),
                        backends.bus(),
                        datastore,
                        settings.templateLimits(),
                        clock,
                        Duration.ofMillis(50)));
    }

    /** StackStorm's {@code runner_info}. */
    private static RunnerInfo runnerInfo() {
        return new RunnerInfo(
                ProcessIdentity.hostname(), ProcessHandle.current().pid());
    }
}
