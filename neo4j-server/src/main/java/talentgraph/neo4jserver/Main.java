package talentgraph.neo4jserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;
import picocli.CommandLine;

/**
 * Neo4j Community, embedded, serving Bolt on 127.0.0.1 only, unencrypted, auth on.
 *
 * <p>Usage: {@code Main DATA_DIR [PORT]}. PORT falls back to $TALENTGRAPH_NEO4J_PORT, then 7688.
 * The password of user {@code neo4j} comes from $NEO4J_PASSWORD (at least 8 characters).
 * Prints {@code READY bolt://127.0.0.1:PORT} once the password is set, then blocks until
 * SIGTERM/SIGINT, when a shutdown hook stops the DBMS cleanly.
 */
public final class Main {
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable failure) { // exit, rather than linger on Neo4j's non-daemon threads
            failure.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Main DATA_DIR [PORT]  (password from $NEO4J_PASSWORD)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String portText = args.length > 1 ? args[1] : System.getenv("TALENTGRAPH_NEO4J_PORT");
        int port = Integer.parseInt(portText == null || portText.isBlank() ? "7688" : portText.trim());
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set, at least 8 characters");
            System.exit(2);
        }

        // A fresh store: do what `neo4j-admin dbms set-initial-password` does (it writes
        // data/dbms/auth.ini, read once when the system database is created), so Bolt never
        // accepts the default neo4j/neo4j. A reused store gets ALTER USER below instead.
        boolean fresh = !Files.isDirectory(home.resolve("data/databases/system"));
        if (fresh) {
            Files.createDirectories(home.resolve("conf"));
            int rc = new CommandLine(new SetInitialPasswordCommand(new ExecutionContext(home, home.resolve("conf"))))
                    .execute(password);
            if (rc != 0) {
                System.err.println("set-initial-password failed with exit code " + rc);
                System.exit(1);
            }
        }

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage reports sent home
                // The whole store of a 1M-move load (about 600 MB) stays in memory; a page
                // cache is only filled as pages are read, so a small graph costs no more.
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes())
                // A throwaway server: keep no transaction logs beyond what recovery needs (a
                // 1M-move load writes about 2.7 GB of them; the default keeps two days' worth).
                // Pruned at each checkpoint (every 15 min); recovery after a crash replays only
                // the logs written since the last checkpoint, and those are kept.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "keep_none")
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Both default to 5 s: a stop would take 10 s more with no client left to wait for.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false);
        // Only in 2025+: fleet discovery broadcasts and the Fleet Manager link. Looked up by
        // name so that the same source compiles against 5.26.
        disableIfPresent(builder, "org.neo4j.configuration.connectors.BoltConnector", "enable_discovery");
        disableIfPresent(builder, "org.neo4j.fleetmanagement.FleetManagementSettings", "fleet_manager_enabled");
        DatabaseManagementService dbms = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        if (!fresh) {
            // Embedded code runs with full rights: it can reset the password of a reused store.
            try {
                dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            } catch (RuntimeException e) {
                // Setting the password it already has is refused; any other failure is reported.
                if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                    throw e;
                }
            }
        }

        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    /** $TALENTGRAPH_NEO4J_PAGECACHE (e.g. 512m, 2g), else 1 GiB. */
    private static long pageCacheBytes() {
        String text = System.getenv("TALENTGRAPH_NEO4J_PAGECACHE");
        if (text == null || text.isBlank()) {
            return ByteUnit.gibiBytes(1);
        }
        return SettingValueParsers.BYTES.parse(text.trim());
    }

    @SuppressWarnings("unchecked")
    private static void disableIfPresent(DatabaseManagementServiceBuilder builder, String owner, String field) {
        try {
            builder.setConfig((Setting<Boolean>) Class.forName(owner).getField(field).get(null), false);
        } catch (ReflectiveOperationException absentInThisVersion) {
            // nothing to turn off
        }
    }
}
