// JdbcChecks.java - what a JDBC application sees through the real pgjdbc driver.
//   java -cp postgresql.jar:CLASSES JdbcChecks jdbc:postgresql://HOST:PORT/DB
// Every check runs on its own connection(s) and its own tables, so one failure does not hide
// the others. Each prints "PASS name" or "FAIL name: reason"; the exit status is 1 when any
// check failed. Extra arguments select the checks whose names contain one of them (for
// debugging). The expected values are what PostgreSQL 15 answers to the same calls.
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.TimeZone;

public final class JdbcChecks {
    private static String url;
    private static int passed;
    private static int failed;
    private static List<String> only;

    interface Body {
        void run() throws Exception;
    }

    /** Thrown by the assertion helpers; carries the human-readable reason. */
    static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String msg) {
            super(msg);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JdbcChecks JDBC_URL [CHECK_NAME_SUBSTRING...]");
            System.exit(2);
        }
        url = args[0];
        only = Arrays.asList(args).subList(1, args.length);
        long t0 = System.nanoTime();
        check("statement_update_counts", JdbcChecks::statementUpdateCounts);
        check("resultset_metadata_types", JdbcChecks::resultSetMetadataTypes);
        check("prepared_roundtrip_server_prepared", JdbcChecks::preparedRoundtrip);
        check("prepared_arrays", JdbcChecks::preparedArrays);
        check("java_time_objects", JdbcChecks::javaTimeObjects);
        check("timestamptz_non_utc_session", JdbcChecks::timestamptzNonUtc);
        check("statement_max_rows", JdbcChecks::statementMaxRows);
        check("multi_statement_results", JdbcChecks::multiStatement);
        check("bytea_and_uuid", JdbcChecks::bytesAndUuid);
        check("batch_insert", () -> batchInsert(false));
        check("batch_insert_rewritten", () -> batchInsert(true));
        check("generated_keys", JdbcChecks::generatedKeys);
        check("transaction_commit_rollback", JdbcChecks::transactionCommitRollback);
        check("transaction_isolation_level", JdbcChecks::transactionIsolation);
        check("transaction_savepoint", JdbcChecks::transactionSavepoint);
        check("transaction_read_only", JdbcChecks::transactionReadOnly);
        check("error_sqlstates_autocommit", JdbcChecks::errorSqlStates);
        check("error_in_transaction_25P02", JdbcChecks::errorInTransaction);
        check("fetch_size_portal", JdbcChecks::fetchSizePortal);
        check("dbmeta_product", JdbcChecks::dbmetaProduct);
        check("dbmeta_tables", JdbcChecks::dbmetaTables);
        check("dbmeta_columns", JdbcChecks::dbmetaColumns);
        check("dbmeta_primary_keys", JdbcChecks::dbmetaPrimaryKeys);
        check("dbmeta_imported_exported_keys", JdbcChecks::dbmetaForeignKeys);
        check("dbmeta_index_info", JdbcChecks::dbmetaIndexInfo);
        check("dbmeta_best_row_identifier", JdbcChecks::dbmetaBestRowIdentifier);
        check("dbmeta_schemas", JdbcChecks::dbmetaSchemas);
        check("cancel_cpu_query", () -> cancelFromOtherThread(CPU_QUERY));
        check("cancel_pg_sleep", () -> cancelFromOtherThread(SLEEP_QUERY));
        check("query_timeout_cpu_query", () -> queryTimeout(CPU_QUERY));
        check("query_timeout_pg_sleep", () -> queryTimeout(SLEEP_QUERY));
        check("query_timeout_prepared", JdbcChecks::queryTimeoutPrepared);
        if (metaConn != null) {
            metaConn.close();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("jdbc: %d passed, %d failed (%d ms)%n", passed, failed, ms);
        System.exit(failed == 0 ? 0 : 1);
    }

    // ---- harness --------------------------------------------------------------------------

    private static void check(String name, Body body) {
        if (!only.isEmpty() && only.stream().noneMatch(name::contains)) {
            return;
        }
        try {
            body.run();
            passed++;
            System.out.println("PASS " + name);
        } catch (CheckFailed e) {
            failed++;
            System.out.println("FAIL " + name + ": " + e.getMessage());
        } catch (SQLException e) {
            failed++;
            System.out.println("FAIL " + name + ": SQLException [" + e.getSQLState() + "] "
                               + e.getMessage() + where(e));
        } catch (Throwable e) {
            failed++;
            System.out.println("FAIL " + name + ": " + e + where(e));
        }
        System.out.flush();
    }

    /** The first stack frame inside this file, so a failure names its line. */
    private static String where(Throwable e) {
        for (StackTraceElement el : e.getStackTrace()) {
            if (el.getClassName().startsWith("JdbcChecks")) {
                return " (at line " + el.getLineNumber() + ")";
            }
        }
        return "";
    }

    private static void eq(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new CheckFailed(what + ": expected <" + expected + "> got <" + actual + ">");
        }
    }

    private static void ok(String what, boolean cond) {
        if (!cond) {
            throw new CheckFailed(what);
        }
    }

    private static Connection connect() throws SQLException {
        return connect(new Properties());
    }

    private static Connection connect(Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "jdbc");
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "20");
        p.putAll(extra);
        return DriverManager.getConnection(url, p);
    }

    /** Runs one statement that is expected to fail and returns its SQLSTATE. */
    private static String stateOf(Statement st, String sql) {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            return e.getSQLState();
        }
        throw new CheckFailed("no error from: " + sql);
    }

    private static long scalarLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ok("one row from: " + sql, rs.next());
            return rs.getLong(1);
        }
    }

    private static String scalarString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ok("one row from: " + sql, rs.next());
            return rs.getString(1);
        }
    }

    // ---- statements and result metadata ---------------------------------------------------

    private static void statementUpdateCounts() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            eq("CREATE TABLE update count", 0,
               st.executeUpdate("CREATE TABLE su (id int PRIMARY KEY, v text)"));
            eq("single insert", 1, st.executeUpdate("INSERT INTO su VALUES (1, 'a')"));
            eq("multi-row insert", 3,
               st.executeUpdate("INSERT INTO su VALUES (2, 'b'), (3, 'c'), (4, 'd')"));
            eq("update", 2, st.executeUpdate("UPDATE su SET v = v || '!' WHERE id >= 3"));
            eq("update matching nothing", 0,
               st.executeUpdate("UPDATE su SET v = 'x' WHERE id > 99"));
            eq("delete", 1, st.executeUpdate("DELETE FROM su WHERE id = 1"));
            ok("execute(SELECT) returns true", st.execute("SELECT * FROM su"));
            eq("getUpdateCount after SELECT", -1, st.getUpdateCount());
            try (ResultSet rs = st.executeQuery("SELECT id, v FROM su ORDER BY id")) {
                List<String> got = new ArrayList<>();
                while (rs.next()) {
                    got.add(rs.getInt("id") + "=" + rs.getString("v"));
                }
                eq("rows", Arrays.asList("2=b", "3=c!", "4=d!"), got);
            }
            ok("execute(INSERT) returns false", !st.execute("INSERT INTO su VALUES (9, 'z')"));
            eq("getUpdateCount after INSERT", 1, st.getUpdateCount());
        }
    }

    private static void resultSetMetadataTypes() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE mt (i int NOT NULL, b bigint, s smallint, n numeric(10,2),"
                       + " vc varchar(20), t text, f boolean, ts timestamp, tz timestamptz,"
                       + " d date, dp double precision, r real, by bytea, sid serial)");
            st.execute("INSERT INTO mt (i, b, s, n, vc, t, f, ts, tz, d, dp, r, by) VALUES (1, 2,"
                       + " 3, 4.5, 'x', 'y', true, '2024-01-02 03:04:05', '2024-01-02 03:04:05+00',"
                       + " '2024-01-02', 1.5, 2.5, '\\x0102')");
            try (ResultSet rs = st.executeQuery("SELECT i, b, s, n, vc, t, f, ts, tz, d, dp, r,"
                                                + " by, sid, i + 1 AS plus FROM mt")) {
                ResultSetMetaData md = rs.getMetaData();
                eq("column count", 15, md.getColumnCount());
                String[] names = {"i", "b", "s", "n", "vc", "t", "f", "ts", "tz", "d", "dp", "r",
                                  "by", "sid", "plus"};
                int[] types = {Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.NUMERIC,
                               Types.VARCHAR, Types.VARCHAR, Types.BIT, Types.TIMESTAMP,
                               Types.TIMESTAMP, Types.DATE, Types.DOUBLE, Types.REAL,
                               Types.BINARY, Types.INTEGER, Types.INTEGER};
                String[] typeNames = {"int4", "int8", "int2", "numeric", "varchar", "text", "bool",
                                      "timestamp", "timestamptz", "date", "float8", "float4",
                                      "bytea", "serial", "int4"};
                for (int k = 0; k < names.length; k++) {
                    int col = k + 1;
                    eq("getColumnName(" + col + ")", names[k], md.getColumnName(col));
                    eq("getColumnLabel(" + col + ")", names[k], md.getColumnLabel(col));
                    eq("getColumnType(" + names[k] + ")", types[k], md.getColumnType(col));
                    eq("getColumnTypeName(" + names[k] + ")", typeNames[k],
                       md.getColumnTypeName(col));
                }
                eq("getPrecision(numeric(10,2))", 10, md.getPrecision(4));
                eq("getScale(numeric(10,2))", 2, md.getScale(4));
                eq("getPrecision(varchar(20))", 20, md.getPrecision(5));
                eq("isNullable(i NOT NULL)", ResultSetMetaData.columnNoNulls, md.isNullable(1));
                eq("isNullable(b)", ResultSetMetaData.columnNullable, md.isNullable(2));
                eq("isAutoIncrement(sid serial)", true, md.isAutoIncrement(14));
                eq("isAutoIncrement(i)", false, md.isAutoIncrement(1));
                eq("getBaseTableName(i)", "mt",
                   md.unwrap(org.postgresql.PGResultSetMetaData.class).getBaseTableName(1));
                eq("getColumnClassName(n)", "java.math.BigDecimal", md.getColumnClassName(4));
                ok("row", rs.next());
                eq("getObject(i) class", Integer.class, rs.getObject(1).getClass());
                eq("getObject(b) class", Long.class, rs.getObject(2).getClass());
                eq("getObject(n)", new BigDecimal("4.50"), rs.getObject(4));
                eq("getObject(f)", Boolean.TRUE, rs.getObject(7));
                eq("getBytes(by)", "[1, 2]", Arrays.toString(rs.getBytes(13)));
                eq("getDouble(dp)", 1.5, rs.getDouble(11));
                eq("getFloat(r)", 2.5f, rs.getFloat(12));
            }
        }
    }

    // ---- prepared statements ---------------------------------------------------------------

    private static void preparedRoundtrip() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE pr (id int PRIMARY KEY, big bigint, amount numeric(10,2),"
                       + " name varchar(50), flag boolean, ts timestamp, d date, note text)");
            int n = 8;  // more than prepareThreshold (5): pgjdbc switches to named statements
            try (PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO pr VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= n; i++) {
                    ins.setInt(1, i);
                    ins.setLong(2, 10_000_000_000L + i);
                    ins.setBigDecimal(3, new BigDecimal(i + ".5"));
                    ins.setString(4, "name " + i + " é");
                    ins.setBoolean(5, i % 2 == 0);
                    ins.setTimestamp(6, Timestamp.valueOf("2024-03-0" + (i % 9 + 1)
                                                          + " 10:20:30.123456"));
                    ins.setDate(7, Date.valueOf("2023-12-" + (10 + i)));
                    if (i % 3 == 0) {
                        ins.setNull(8, Types.VARCHAR);
                    } else {
                        ins.setObject(8, "note " + i);
                    }
                    eq("insert count #" + i, 1, ins.executeUpdate());
                }
            }
            try (PreparedStatement sel = c.prepareStatement(
                     "SELECT id, big, amount, name, flag, ts, d, note FROM pr WHERE id = ?")) {
                for (int i = 1; i <= n; i++) {
                    sel.setObject(1, Integer.valueOf(i));
                    try (ResultSet rs = sel.executeQuery()) {
                        ok("row for id " + i, rs.next());
                        String at = " (execution #" + i + ")";
                        eq("id" + at, i, rs.getInt(1));
                        eq("big" + at, 10_000_000_000L + i, rs.getLong(2));
                        BigDecimal amt = rs.getBigDecimal(3);
                        eq("amount" + at, new BigDecimal(i + ".50"), amt);
                        eq("amount scale" + at, 2, amt.scale());
                        eq("name" + at, "name " + i + " é", rs.getString(4));
                        eq("flag" + at, i % 2 == 0, rs.getBoolean(5));
                        eq("ts" + at, Timestamp.valueOf("2024-03-0" + (i % 9 + 1)
                                                        + " 10:20:30.123456"), rs.getTimestamp(6));
                        eq("d" + at, Date.valueOf("2023-12-" + (10 + i)), rs.getDate(7));
                        String note = rs.getString(8);
                        if (i % 3 == 0) {
                            eq("note null" + at, null, note);
                            ok("wasNull" + at, rs.wasNull());
                        } else {
                            eq("note" + at, "note " + i, note);
                        }
                        ok("single row" + at, !rs.next());
                    }
                }
            }
            try (PreparedStatement sum = c.prepareStatement(
                     "SELECT count(*), sum(amount) FROM pr WHERE flag = ? AND big > ?")) {
                for (int i = 0; i < 7; i++) {
                    sum.setBoolean(1, true);
                    sum.setLong(2, 10_000_000_000L);
                    try (ResultSet rs = sum.executeQuery()) {
                        ok("aggregate row", rs.next());
                        eq("count(*) of even ids", 4L, rs.getLong(1));
                        eq("sum(amount) of even ids", new BigDecimal("22.00"), rs.getBigDecimal(2));
                    }
                }
            }
        }
    }

    private static void preparedArrays() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE pa (id int PRIMARY KEY, nums int[], tags text[])");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO pa VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 7; i++) {
                    ins.setInt(1, i);
                    ins.setArray(2, c.createArrayOf("int4", new Integer[] {i, i * 10, null}));
                    ins.setArray(3, c.createArrayOf("text", new String[] {"a" + i, "b c", null}));
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement sel = c.prepareStatement(
                     "SELECT nums, tags, ARRAY[id, id + 1], '{}'::int[] FROM pa WHERE id = ?")) {
                for (int i = 1; i <= 7; i++) {
                    sel.setInt(1, i);
                    String at = " (execution #" + i + ")";
                    try (ResultSet rs = sel.executeQuery()) {
                        ok("row" + at, rs.next());
                        Array nums = rs.getArray(1);
                        eq("int[] base type name" + at, "int4", nums.getBaseTypeName());
                        eq("int[] values" + at, Arrays.asList(i, i * 10, null),
                           Arrays.asList((Object[]) nums.getArray()));
                        Array tags = rs.getArray(2);
                        eq("text[] values" + at, Arrays.asList("a" + i, "b c", null),
                           Arrays.asList((Object[]) tags.getArray()));
                        eq("ARRAY[...] values" + at, Arrays.asList(i, i + 1),
                           Arrays.asList((Object[]) rs.getArray(3).getArray()));
                        eq("empty array length" + at, 0,
                           ((Object[]) rs.getArray(4).getArray()).length);
                        eq("getColumnTypeName(int[])", "_int4",
                           rs.getMetaData().getColumnTypeName(1));
                        eq("getColumnType(int[])", Types.ARRAY, rs.getMetaData().getColumnType(1));
                    }
                }
            }
        }
    }

    private static void javaTimeObjects() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE jt (id int PRIMARY KEY, ldt timestamp, odt timestamptz,"
                       + " ld date)");
            LocalDateTime ldt = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123456000);
            OffsetDateTime odt = OffsetDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneOffset.ofHours(3));
            LocalDate ld = LocalDate.of(1999, 12, 31);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO jt VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= 6; i++) {
                    ins.setInt(1, i);
                    ins.setObject(2, ldt.plusDays(i));
                    ins.setObject(3, odt.plusHours(i));
                    ins.setObject(4, ld.plusDays(i));
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement sel = c.prepareStatement(
                     "SELECT ldt, odt, ld FROM jt WHERE id = ?")) {
                for (int i = 1; i <= 6; i++) {
                    sel.setInt(1, i);
                    String at = " (execution #" + i + ")";
                    try (ResultSet rs = sel.executeQuery()) {
                        ok("row" + at, rs.next());
                        eq("LocalDateTime" + at, ldt.plusDays(i),
                           rs.getObject(1, LocalDateTime.class));
                        OffsetDateTime got = rs.getObject(2, OffsetDateTime.class);
                        ok("OffsetDateTime same instant" + at + ": " + got,
                           got != null && got.isEqual(odt.plusHours(i)));
                        eq("LocalDate" + at, ld.plusDays(i), rs.getObject(3, LocalDate.class));
                    }
                }
            }
        }
    }

    /** pgjdbc sends the JVM zone as the session TimeZone; timestamptz text follows it. */
    private static void timestamptzNonUtc() throws Exception {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try (Connection c = connect(); Statement st = c.createStatement()) {
            eq("SHOW TimeZone", "Asia/Kolkata", scalarString(c, "SHOW TimeZone"));
            st.execute("CREATE TABLE tzc (id int, at timestamptz)");
            Timestamp ts = Timestamp.valueOf("2024-05-06 07:08:09");  // 01:38:09 UTC
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO tzc VALUES (1, ?)")) {
                ins.setTimestamp(1, ts);
                ins.executeUpdate();
            }
            eq("timestamptz text in session zone", "2024-05-06 07:08:09+05:30",
               scalarString(c, "SELECT at::text FROM tzc"));
            eq("timestamptz in UTC", "2024-05-06 01:38:09",
               scalarString(c, "SELECT (at AT TIME ZONE 'UTC')::text FROM tzc"));
            try (ResultSet rs = st.executeQuery("SELECT at FROM tzc")) {
                ok("row", rs.next());
                eq("getTimestamp", ts, rs.getTimestamp(1));
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    // ---- batches and generated keys --------------------------------------------------------

    private static void batchInsert(boolean rewrite) throws Exception {
        Properties p = new Properties();
        p.setProperty("reWriteBatchedInserts", Boolean.toString(rewrite));
        String tbl = rewrite ? "bi_rw" : "bi";
        try (Connection c = connect(p); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + tbl + " (id int PRIMARY KEY, v text)");
            int[] counts;
            try (PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO " + tbl + " (id, v) VALUES (?, ?)")) {
                for (int i = 1; i <= 20; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "v" + i);
                    ins.addBatch();
                }
                counts = ins.executeBatch();
            }
            eq("batch result length", 20, counts.length);
            int expect = rewrite ? Statement.SUCCESS_NO_INFO : 1;
            for (int k = 0; k < counts.length; k++) {
                eq("update count [" + k + "]", expect, counts[k]);
            }
            eq("rows after batch", 20L, scalarLong(c, "SELECT count(*) FROM " + tbl));
            eq("sum of ids", 210L, scalarLong(c, "SELECT sum(id) FROM " + tbl));
            st.addBatch("UPDATE " + tbl + " SET v = 'u' WHERE id <= 5");
            st.addBatch("DELETE FROM " + tbl + " WHERE id > 18");
            st.addBatch("INSERT INTO " + tbl + " VALUES (100, 'x')");
            eq("statement batch counts", "[5, 2, 1]", Arrays.toString(st.executeBatch()));
            try (PreparedStatement dup = c.prepareStatement(
                     "INSERT INTO " + tbl + " (id, v) VALUES (?, ?)")) {
                for (int i = 200; i <= 202; i++) {
                    dup.setInt(1, i == 202 ? 1 : i);
                    dup.setString(2, "d");
                    dup.addBatch();
                }
                try {
                    dup.executeBatch();
                    throw new CheckFailed("batch with duplicate key did not fail");
                } catch (java.sql.BatchUpdateException e) {
                    eq("batch duplicate SQLState", "23505", e.getSQLState());
                }
            }
        }
    }

    private static void generatedKeys() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE gk (id serial PRIMARY KEY, name text NOT NULL)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO gk (name) VALUES (?)",
                                                            Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 1; i <= 7; i++) {
                    ins.setString(1, "n" + i);
                    eq("insert count", 1, ins.executeUpdate());
                    try (ResultSet keys = ins.getGeneratedKeys()) {
                        ok("generated key row #" + i, keys.next());
                        eq("generated id #" + i, i, keys.getInt("id"));
                        eq("generated name #" + i, "n" + i, keys.getString("name"));
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO gk (name) VALUES (?)",
                                                            new String[] {"id"})) {
                ins.setString(1, "named");
                ins.executeUpdate();
                try (ResultSet keys = ins.getGeneratedKeys()) {
                    ok("generated key row (column list)", keys.next());
                    eq("generated id (column list)", 8L, keys.getLong(1));
                    eq("generated key columns", 1, keys.getMetaData().getColumnCount());
                }
            }
            eq("Statement.executeUpdate with RETURN_GENERATED_KEYS", 1,
               st.executeUpdate("INSERT INTO gk (name) VALUES ('s')",
                                Statement.RETURN_GENERATED_KEYS));
            try (ResultSet keys = st.getGeneratedKeys()) {
                ok("statement generated key row", keys.next());
                eq("statement generated id", 9, keys.getInt("id"));
            }
        }
    }

    // ---- transactions ----------------------------------------------------------------------

    private static void transactionCommitRollback() throws Exception {
        try (Connection c = connect(); Connection other = connect();
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE tx (id int PRIMARY KEY)");
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO tx VALUES (1)");
            eq("own uncommitted row visible", 1L, scalarLong(c, "SELECT count(*) FROM tx"));
            eq("uncommitted row invisible to other", 0L,
               scalarLong(other, "SELECT count(*) FROM tx"));
            c.rollback();
            eq("after rollback", 0L, scalarLong(c, "SELECT count(*) FROM tx"));
            st.executeUpdate("INSERT INTO tx VALUES (2)");
            st.executeUpdate("INSERT INTO tx VALUES (3)");
            c.commit();
            eq("committed rows seen by other", 5L,
               scalarLong(other, "SELECT sum(id) FROM tx"));
            c.setAutoCommit(true);
            st.executeUpdate("INSERT INTO tx VALUES (4)");
            eq("autocommit insert seen by other", 9L,
               scalarLong(other, "SELECT sum(id) FROM tx"));
        }
    }

    /** pgjdbc: SET SESSION CHARACTERISTICS ... then SHOW TRANSACTION ISOLATION LEVEL. */
    private static void transactionIsolation() throws Exception {
        try (Connection c = connect()) {
            eq("default isolation", Connection.TRANSACTION_READ_COMMITTED,
               c.getTransactionIsolation());
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            eq("isolation after set, outside a transaction",
               Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            c.setAutoCommit(false);
            eq("isolation inside a transaction", Connection.TRANSACTION_SERIALIZABLE,
               c.getTransactionIsolation());
            c.commit();
        }
    }

    private static void statementMaxRows() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE mr (id int)");
            st.execute("INSERT INTO mr VALUES (1), (2), (3), (4), (5), (6)");
            st.setMaxRows(4);
            int n = 0;
            try (ResultSet rs = st.executeQuery("SELECT id FROM mr ORDER BY id")) {
                while (rs.next()) {
                    eq("row in order", ++n, rs.getInt(1));
                }
            }
            eq("rows with setMaxRows(4)", 4, n);
            st.setMaxRows(0);
            eq("next query without limit", 6L, scalarLong(c, "SELECT count(*) FROM mr"));
        }
    }

    private static void multiStatement() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            ok("first result is an update count",
               st.execute("CREATE TABLE ms (id int); INSERT INTO ms VALUES (1), (2);"
                          + " SELECT id FROM ms ORDER BY id; UPDATE ms SET id = id + 10")
               == false);
            eq("CREATE update count", 0, st.getUpdateCount());
            ok("second result is an update count", !st.getMoreResults());
            eq("INSERT update count", 2, st.getUpdateCount());
            ok("third result is a result set", st.getMoreResults());
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            eq("SELECT rows", Arrays.asList(1, 2), ids);
            ok("fourth result is an update count", !st.getMoreResults());
            eq("UPDATE update count", 2, st.getUpdateCount());
            ok("no more results", !st.getMoreResults() && st.getUpdateCount() == -1);
        }
    }

    private static void bytesAndUuid() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bu (id int PRIMARY KEY, u uuid, data bytea)");
            java.util.Random rnd = new java.util.Random(42);
            List<byte[]> blobs = new ArrayList<>();
            List<java.util.UUID> uuids = new ArrayList<>();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bu VALUES (?, ?, ?)")) {
                for (int i = 0; i < 7; i++) {
                    byte[] b = new byte[i == 6 ? 200_000 : 1 + i * 37];
                    rnd.nextBytes(b);
                    blobs.add(b);
                    uuids.add(new java.util.UUID(rnd.nextLong(), rnd.nextLong()));
                    ins.setInt(1, i);
                    ins.setObject(2, uuids.get(i));
                    ins.setBytes(3, b);
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement sel = c.prepareStatement("SELECT u, data FROM bu WHERE u = ?")) {
                for (int i = 0; i < 7; i++) {
                    sel.setObject(1, uuids.get(i));
                    try (ResultSet rs = sel.executeQuery()) {
                        ok("row by uuid #" + i, rs.next());
                        eq("uuid #" + i, uuids.get(i), rs.getObject(1));
                        ok("bytea roundtrip #" + i, Arrays.equals(blobs.get(i), rs.getBytes(2)));
                    }
                }
            }
            eq("uuid text", uuids.get(0).toString(),
               scalarString(c, "SELECT u::text FROM bu WHERE id = 0"));
        }
    }

    private static void transactionSavepoint() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE sp (id int PRIMARY KEY)");
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO sp VALUES (1)");
            Savepoint s1 = c.setSavepoint();
            st.executeUpdate("INSERT INTO sp VALUES (2)");
            Savepoint s2 = c.setSavepoint("named");
            st.executeUpdate("INSERT INTO sp VALUES (3)");
            c.rollback(s2);
            eq("after rollback to named savepoint", 3L, scalarLong(c, "SELECT sum(id) FROM sp"));
            c.rollback(s1);
            eq("after rollback to first savepoint", 1L, scalarLong(c, "SELECT sum(id) FROM sp"));
            Savepoint s3 = c.setSavepoint();
            eq("duplicate key SQLState", "23505", stateOf(st, "INSERT INTO sp VALUES (1)"));
            c.rollback(s3);
            st.executeUpdate("INSERT INTO sp VALUES (5)");
            Savepoint s4 = c.setSavepoint();
            st.executeUpdate("INSERT INTO sp VALUES (6)");
            c.releaseSavepoint(s4);
            c.commit();
            c.setAutoCommit(true);
            eq("committed after savepoints", 12L, scalarLong(c, "SELECT sum(id) FROM sp"));
        }
    }

    private static void transactionReadOnly() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ro (id int)");
            c.setAutoCommit(false);
            c.setReadOnly(true);
            eq("select in read-only tx", 0L, scalarLong(c, "SELECT count(*) FROM ro"));
            eq("insert in read-only tx SQLState", "25006",
               stateOf(st, "INSERT INTO ro VALUES (1)"));
            c.rollback();
            c.setReadOnly(false);
            st.executeUpdate("INSERT INTO ro VALUES (1)");
            c.commit();
            eq("row after read-write tx", 1L, scalarLong(c, "SELECT count(*) FROM ro"));
        }
    }

    // ---- errors ----------------------------------------------------------------------------

    private static void errorSqlStates() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ep (id int PRIMARY KEY)");
            st.execute("CREATE TABLE ec (id int PRIMARY KEY, p int REFERENCES ep (id),"
                       + " n text NOT NULL, q int CHECK (q > 0))");
            st.execute("INSERT INTO ep VALUES (1)");
            st.execute("INSERT INTO ec VALUES (1, 1, 'a', 1)");
            String[][] cases = {
                {"23505", "INSERT INTO ec VALUES (1, 1, 'b', 1)"},
                {"23503", "INSERT INTO ec VALUES (2, 99, 'b', 1)"},
                {"23502", "INSERT INTO ec VALUES (3, 1, NULL, 1)"},
                {"23514", "INSERT INTO ec VALUES (4, 1, 'b', -1)"},
                {"42601", "SELEC 1"},
                {"42P01", "SELECT * FROM no_such_table"},
                {"22012", "SELECT 1 / 0"},
                {"42703", "SELECT no_such_column FROM ec"},
                {"22P02", "SELECT 'abc'::int"},
            };
            for (String[] cs : cases) {
                eq("SQLState of `" + cs[1] + "`", cs[0], stateOf(st, cs[1]));
                eq("connection usable after " + cs[0], 1L, scalarLong(c, "SELECT 1"));
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ec VALUES (?, 1, ?, 1)")) {
                for (int i = 0; i < 7; i++) {
                    ps.setInt(1, 1);
                    ps.setString(2, "p");
                    try {
                        ps.executeUpdate();
                        throw new CheckFailed("prepared duplicate insert did not fail");
                    } catch (SQLException e) {
                        eq("prepared duplicate SQLState #" + i, "23505", e.getSQLState());
                    }
                }
                ps.setInt(1, 50);
                ps.setString(2, "ok");
                eq("prepared insert after errors", 1, ps.executeUpdate());
            }
            eq("rows in ec", 2L, scalarLong(c, "SELECT count(*) FROM ec"));
        }
    }

    private static void errorInTransaction() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE et (id int PRIMARY KEY)");
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO et VALUES (1)");
            eq("error in tx", "22012", stateOf(st, "SELECT 1 / 0"));
            eq("next statement in failed tx", "25P02", stateOf(st, "SELECT 1"));
            eq("insert in failed tx", "25P02", stateOf(st, "INSERT INTO et VALUES (2)"));
            c.rollback();
            eq("usable after rollback", 0L, scalarLong(c, "SELECT count(*) FROM et"));
            st.executeUpdate("INSERT INTO et VALUES (3)");
            c.commit();
            c.setAutoCommit(true);
            eq("committed row", 3L, scalarLong(c, "SELECT sum(id) FROM et"));
        }
    }

    // ---- fetch size / portals --------------------------------------------------------------

    private static void fetchSizePortal() throws Exception {
        Properties p = new Properties();
        p.setProperty("reWriteBatchedInserts", "true");
        try (Connection c = connect(p); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE fs (id int PRIMARY KEY, v text)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO fs VALUES (?, ?)")) {
                for (int i = 1; i <= 1000; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "row" + i);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.setAutoCommit(false);
            try (Statement fst = c.createStatement()) {
                fst.setFetchSize(50);
                try (ResultSet rs = fst.executeQuery("SELECT id, v FROM fs ORDER BY id")) {
                    int expect = 1;
                    while (rs.next()) {
                        eq("id in order", expect, rs.getInt(1));
                        eq("v", "row" + expect, rs.getString(2));
                        if (expect == 500) {
                            // Another statement in between fetches must not disturb the portal.
                            eq("query between fetches", 1000L,
                               scalarLong(c, "SELECT count(*) FROM fs"));
                        }
                        expect++;
                    }
                    eq("rows read with fetch size 50", 1001, expect);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                     "SELECT id FROM fs WHERE id > ? ORDER BY id")) {
                ps.setFetchSize(50);
                for (int round = 0; round < 6; round++) {
                    ps.setInt(1, 100 * round);
                    int expect = 100 * round + 1;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            eq("prepared fetch id in order (round " + round + ")", expect,
                               rs.getInt(1));
                            expect++;
                        }
                    }
                    eq("prepared fetch rows (round " + round + ")", 1001, expect);
                }
            }
            c.commit();
        }
    }

    // ---- DatabaseMetaData ------------------------------------------------------------------

    private static void dbmetaProduct() throws Exception {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            eq("getDatabaseProductName", "PostgreSQL", md.getDatabaseProductName());
            String v = md.getDatabaseProductVersion();
            ok("getDatabaseProductVersion starts with 15: " + v, v.startsWith("15"));
            eq("getDatabaseMajorVersion", 15, md.getDatabaseMajorVersion());
            eq("getUserName", "jdbc", md.getUserName());
            eq("getCatalog", "t", c.getCatalog());
            eq("getSchema", "public", c.getSchema());
            ok("isValid", c.isValid(2));
        }
    }

    private static void setupMetaTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE meta_parent (b_key int NOT NULL, a_key int NOT NULL,"
                   + " label text, CONSTRAINT meta_parent_pk PRIMARY KEY (b_key, a_key))");
        st.execute("CREATE TABLE meta_child (id serial PRIMARY KEY, name varchar(40) NOT NULL,"
                   + " pb int, pa int, amount numeric(8,3),"
                   + " CONSTRAINT meta_child_parent_fk FOREIGN KEY (pb, pa)"
                   + " REFERENCES meta_parent (b_key, a_key) ON DELETE CASCADE)");
        st.execute("CREATE INDEX meta_child_name_desc ON meta_child (name DESC, id)");
        st.execute("CREATE UNIQUE INDEX meta_child_amount_uq ON meta_child (amount)");
        st.execute("CREATE VIEW meta_view AS SELECT id, name FROM meta_child");
    }

    private static Connection metaConn;

    private static synchronized Connection meta() throws SQLException {
        if (metaConn == null) {
            Connection c = connect();
            try (Statement st = c.createStatement()) {
                setupMetaTables(st);
            }
            metaConn = c;
        }
        return metaConn;
    }

    private static void dbmetaTables() throws Exception {
        DatabaseMetaData md = meta().getMetaData();
        List<String> got = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, "public", "meta%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                got.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE") + ":"
                        + rs.getString("TABLE_SCHEM"));
            }
        }
        eq("getTables", Arrays.asList("meta_child:TABLE:public", "meta_parent:TABLE:public",
                                      "meta_view:VIEW:public"), got);
        got.clear();
        try (ResultSet rs = md.getTables(null, null, "meta_view", null)) {
            while (rs.next()) {
                got.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
            }
        }
        eq("getTables(types=null)", Arrays.asList("meta_view:VIEW"), got);
        got.clear();
        try (ResultSet rs = md.getTableTypes()) {
            while (rs.next()) {
                got.add(rs.getString(1));
            }
        }
        ok("getTableTypes has TABLE and VIEW: " + got,
           got.contains("TABLE") && got.contains("VIEW"));
    }

    private static void dbmetaColumns() throws Exception {
        DatabaseMetaData md = meta().getMetaData();
        List<String> got = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, "public", "meta_child", "%")) {
            while (rs.next()) {
                got.add(rs.getString("COLUMN_NAME") + "|" + rs.getString("TYPE_NAME") + "|"
                        + rs.getInt("DATA_TYPE") + "|" + rs.getInt("NULLABLE") + "|"
                        + rs.getString("IS_NULLABLE") + "|" + rs.getInt("COLUMN_SIZE") + "|"
                        + rs.getInt("ORDINAL_POSITION") + "|" + rs.getString("IS_AUTOINCREMENT"));
            }
        }
        int nn = DatabaseMetaData.columnNoNulls;
        int nl = DatabaseMetaData.columnNullable;
        eq("getColumns(meta_child)", Arrays.asList(
               "id|serial|" + Types.INTEGER + "|" + nn + "|NO|10|1|YES",
               "name|varchar|" + Types.VARCHAR + "|" + nn + "|NO|40|2|NO",
               "pb|int4|" + Types.INTEGER + "|" + nl + "|YES|10|3|NO",
               "pa|int4|" + Types.INTEGER + "|" + nl + "|YES|10|4|NO",
               "amount|numeric|" + Types.NUMERIC + "|" + nl + "|YES|8|5|NO"), got);
        try (ResultSet rs = md.getColumns(null, "public", "meta_child", "amount")) {
            ok("amount column", rs.next());
            eq("DECIMAL_DIGITS of numeric(8,3)", 3, rs.getInt("DECIMAL_DIGITS"));
            ok("single column", !rs.next());
        }
        try (ResultSet rs = md.getColumns(null, "public", "meta_child", "id")) {
            ok("id column", rs.next());
            String def = rs.getString("COLUMN_DEF");
            ok("COLUMN_DEF of serial uses nextval: " + def,
               def != null && def.startsWith("nextval('meta_child_id_seq'"));
        }
    }

    private static void dbmetaPrimaryKeys() throws Exception {
        DatabaseMetaData md = meta().getMetaData();
        List<String> got = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(null, "public", "meta_parent")) {
            while (rs.next()) {
                got.add(rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME") + "#"
                        + rs.getInt("KEY_SEQ") + ":" + rs.getString("PK_NAME"));
            }
        }
        // pgjdbc orders by KEY_SEQ (not by COLUMN_NAME as the JDBC javadoc says).
        eq("getPrimaryKeys(meta_parent)", Arrays.asList("meta_parent.b_key#1:meta_parent_pk",
                                                        "meta_parent.a_key#2:meta_parent_pk"), got);
    }

    private static List<String> fkRows(ResultSet rs) throws SQLException {
        List<String> got = new ArrayList<>();
        while (rs.next()) {
            got.add(rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + "->"
                    + rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + "#"
                    + rs.getInt("KEY_SEQ") + " upd=" + rs.getInt("UPDATE_RULE") + " del="
                    + rs.getInt("DELETE_RULE") + " " + rs.getString("FK_NAME") + "/"
                    + rs.getString("PK_NAME") + " " + rs.getString("PKTABLE_SCHEM") + "/"
                    + rs.getString("FKTABLE_SCHEM"));
        }
        rs.close();
        return got;
    }

    private static void dbmetaForeignKeys() throws Exception {
        DatabaseMetaData md = meta().getMetaData();
        String tail = " upd=" + DatabaseMetaData.importedKeyNoAction + " del="
                      + DatabaseMetaData.importedKeyCascade + " meta_child_parent_fk/meta_parent_pk"
                      + " public/public";
        List<String> expect = Arrays.asList("meta_parent.b_key->meta_child.pb#1" + tail,
                                            "meta_parent.a_key->meta_child.pa#2" + tail);
        eq("getImportedKeys(meta_child)", expect,
           fkRows(md.getImportedKeys(null, "public", "meta_child")));
        eq("getExportedKeys(meta_parent)", expect,
           fkRows(md.getExportedKeys(null, "public", "meta_parent")));
        eq("getImportedKeys(meta_parent)", new ArrayList<String>(),
           fkRows(md.getImportedKeys(null, "public", "meta_parent")));
        eq("getCrossReference", expect,
           fkRows(md.getCrossReference(null, "public", "meta_parent", null, "public",
                                      "meta_child")));
    }

    private static void dbmetaIndexInfo() throws Exception {
        DatabaseMetaData md = meta().getMetaData();
        List<String> got = new ArrayList<>();
        try (ResultSet rs = md.getIndexInfo(null, "public", "meta_child", false, true)) {
            while (rs.next()) {
                got.add(rs.getString("TABLE_NAME") + ":" + rs.getString("INDEX_NAME") + ":"
                        + rs.getInt("ORDINAL_POSITION") + ":" + rs.getString("COLUMN_NAME") + ":"
                        + rs.getBoolean("NON_UNIQUE") + ":" + rs.getString("ASC_OR_DESC") + ":"
                        + rs.getShort("TYPE"));
            }
        }
        String ty = ":" + DatabaseMetaData.tableIndexOther;
        eq("getIndexInfo(meta_child)", Arrays.asList(
               "meta_child:meta_child_amount_uq:1:amount:false:A" + ty,
               "meta_child:meta_child_pkey:1:id:false:A" + ty,
               "meta_child:meta_child_name_desc:1:name:true:D" + ty,
               "meta_child:meta_child_name_desc:2:id:true:A" + ty), got);
        got.clear();
        try (ResultSet rs = md.getIndexInfo(null, "public", "meta_child", true, true)) {
            while (rs.next()) {
                got.add(rs.getString("INDEX_NAME"));
            }
        }
        eq("getIndexInfo(unique only)", Arrays.asList("meta_child_amount_uq", "meta_child_pkey"),
           got);
    }

    private static void dbmetaBestRowIdentifier() throws Exception {
        DatabaseMetaData md = meta().getMetaData();
        List<String> got = new ArrayList<>();
        try (ResultSet rs = md.getBestRowIdentifier(null, "public", "meta_parent",
                                                    DatabaseMetaData.bestRowSession, true)) {
            while (rs.next()) {
                got.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":"
                        + rs.getString("TYPE_NAME") + ":" + rs.getShort("SCOPE") + ":"
                        + rs.getShort("PSEUDO_COLUMN"));
            }
        }
        got.sort(null);
        String tail = ":" + Types.INTEGER + ":int4:" + DatabaseMetaData.bestRowSession + ":"
                      + DatabaseMetaData.bestRowNotPseudo;
        eq("getBestRowIdentifier(meta_parent)", Arrays.asList("a_key" + tail, "b_key" + tail), got);
    }

    private static void dbmetaSchemas() throws Exception {
        DatabaseMetaData md = meta().getMetaData();
        List<String> got = new ArrayList<>();
        try (ResultSet rs = md.getSchemas()) {
            while (rs.next()) {
                got.add(rs.getString("TABLE_SCHEM"));
            }
        }
        ok("getSchemas contains public, pg_catalog, information_schema: " + got,
           got.contains("public") && got.contains("pg_catalog")
           && got.contains("information_schema"));
        List<String> sorted = new ArrayList<>(got);
        sorted.sort(null);
        eq("getSchemas ordered by TABLE_SCHEM", sorted, got);
        got.clear();
        try (ResultSet rs = md.getCatalogs()) {
            while (rs.next()) {
                got.add(rs.getString("TABLE_CAT"));
            }
        }
        ok("getCatalogs contains t: " + got, got.contains("t"));
    }

    // ---- cancellation ----------------------------------------------------------------------
    // pgjdbc cancels with a CancelRequest on a new connection (Statement.cancel() directly,
    // setQueryTimeout() from a timer). The sleeps are short and the socket timeout is low so
    // that a server that ignores the cancel fails the check in seconds, not minutes.

    private static final String SLEEP_QUERY = "SELECT pg_sleep(4)";
    private static final String CPU_QUERY =
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2000000000)"
        + " SELECT count(*) FROM r";

    private static Connection cancelConn() throws SQLException {
        Properties p = new Properties();
        p.setProperty("socketTimeout", "6");
        return connect(p);
    }

    private static void expectCanceled(Statement st, String sql, String what) {
        long t0 = System.nanoTime();
        try {
            if (st instanceof PreparedStatement) {
                ((PreparedStatement) st).execute();
            } else {
                st.execute(sql);
            }
            throw new CheckFailed(what + ": query finished instead of being canceled");
        } catch (SQLException e) {
            eq(what + " SQLState (" + e.getMessage() + ")", "57014", e.getSQLState());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ok(what + " took " + ms + " ms (want < 3000)", ms < 3000);
    }

    private static void cancelFromOtherThread(String sql) throws Exception {
        try (Connection c = cancelConn(); Statement st = c.createStatement()) {
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    st.cancel();
                } catch (Exception e) {
                    System.out.println("  cancel thread: " + e);
                }
            });
            canceller.start();
            expectCanceled(st, sql, "Statement.cancel()");
            canceller.join();
            eq("usable after cancel", 1L, scalarLong(c, "SELECT 1"));
        }
    }

    private static void queryTimeout(String sql) throws Exception {
        try (Connection c = cancelConn(); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            expectCanceled(st, sql, "setQueryTimeout(1)");
            eq("usable after timeout", 1L, scalarLong(c, "SELECT 1"));
            st.setQueryTimeout(0);
            eq("no timeout once reset", 1L, scalarLong(c, "SELECT 1"));
        }
    }

    private static void queryTimeoutPrepared() throws Exception {
        try (Connection c = cancelConn();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT count(*) FROM generate_series(1, ?) a, generate_series(1, ?) b")) {
            ps.setQueryTimeout(1);
            ps.setLong(1, 100_000);
            ps.setLong(2, 100_000);
            expectCanceled(ps, null, "prepared setQueryTimeout(1)");
            eq("usable after prepared timeout", 1L, scalarLong(c, "SELECT 1"));
        }
    }
}
