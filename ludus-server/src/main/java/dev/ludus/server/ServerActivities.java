package dev.ludus.server;

import dev.ludus.arena.ArenaActivities;
import dev.ludus.platform.activity.ActivityService;
import dev.ludus.platform.activity.ActivityStoreException;
import dev.ludus.platform.ledger.Ledger;
import dev.ludus.store.JdbcActivityStore;
import dev.ludus.store.StoreConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The server's idle activities (docs/activities.md): their tables in the ledger's database, the
 * activity lane with the reference game's {@link ArenaActivities}, its meters, and
 * {@value ActivityService#ENV_TIME_SCALE} and {@value ActivityService#ENV_RETENTION}. Opened after the ledger, closed before it.
 */
final class ServerActivities implements AutoCloseable {
    private final JdbcActivityStore store;
    private final ActivityService service;

    private ServerActivities(JdbcActivityStore store, ActivityService service) {
        this.store = store;
        this.service = service;
    }

    /**
     * @param dataDir  the data directory (as the ledger's)
     * @param env      the environment ({@code LUDUS_DB_*}, {@value ActivityService#ENV_TIME_SCALE}, {@value ActivityService#ENV_RETENTION})
     * @param ledger   where rewards are credited
     * @param registry where the meters go
     * @return the running activities: due and running tasks are picked up at once
     * @throws ConfigException when the time scale or the retention is malformed or the database cannot be opened
     */
    static ServerActivities open(Path dataDir, Map<String, String> env, Ledger ledger, MeterRegistry registry) {
        ActivityService.Settings settings;
        try {
            settings = ActivityService.Settings.DEFAULT.withTimeScale(
                ActivityService.Settings.parseTimeScale(env.get(ActivityService.ENV_TIME_SCALE)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        try {
            settings = settings.withRetentionMs(ActivityService.Settings.parseRetention(env.get(ActivityService.ENV_RETENTION)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        JdbcActivityStore store;
        ActivityService service;
        try {
            store = JdbcActivityStore.open(StoreConfig.fromEnvironment(env, dataDir));
        } catch (ActivityStoreException | IllegalArgumentException e) {
            throw new ConfigException(List.of("activity database : " + e.getMessage()));
        }
        try {
            service = new ActivityService(store, new ArenaActivities(), ledger, settings);
            service.start();
        } catch (ActivityStoreException e) {
            store.close();
            throw new ConfigException(List.of("activity database : " + e.getMessage()));
        }
        counter(registry, "ludus.activity.tasks.started", "Activity tasks that began running", service, ActivityService::tasksStarted);
        counter(registry, "ludus.activity.tasks.completed", "Activity tasks completed and credited", service,
            ActivityService::tasksCompleted);
        counter(registry, "ludus.activity.tasks.failed", "Activity tasks that ended without reward", service,
            ActivityService::tasksFailed);
        counter(registry, "ludus.activity.credit.retries", "Activity credits retried after a transient ledger failure", service,
            ActivityService::creditRetries);
        counter(registry, "ludus.activity.store.retries", "Activity saves retried after a database failure", service,
            ActivityService::storeRetries);
        counter(registry, "ludus.activity.notices.stored", "Activity notifications stored", service, ActivityService::noticesStored);
        counter(registry, "ludus.activity.notices.delivered", "Activity notifications written to a connection", service,
            ActivityService::noticesDelivered);
        counter(registry, "ludus.activity.delivery.retries", "Activity notification deliveries retried after a failed write", service,
            ActivityService::deliveryRetries);
        counter(registry, "ludus.activity.notices.purged", "Delivered activity notifications deleted after the retention", service,
            ActivityService::noticesPurged);
        counter(registry, "ludus.activity.tasks.purged", "Finished activity tasks deleted after the retention", service,
            ActivityService::tasksPurged);
        Gauge.builder("ludus.activity.tasks.active", service, ActivityService::activeTasks)
            .description("Queued and running activity tasks").register(registry);
        return new ServerActivities(store, service);
    }

    private static void counter(MeterRegistry registry, String name, String description, ActivityService service,
                                ToDoubleFunction<ActivityService> value) {
        FunctionCounter.builder(name, service, value).description(description).register(registry);
    }

    ActivityService service() {
        return service;
    }

    /** Stops the lane (unsaved work is redone from the database on the next start), then closes the pool. */
    @Override
    public void close() {
        service.close();
        store.close();
    }
}
