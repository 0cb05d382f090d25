package io.reflex.postgres;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One statement the PostgreSQL adapter sent (one round trip to the server), recorded by Java Flight Recorder
 * when a recording enables it (the benchmarks' profiles count them per task); costs nothing otherwise.
 */
@Name("reflex.StoreStatement")
@Label("Store statement")
@Category({"Reflex", "Store"})
@Description("A statement the PostgreSQL store adapter sent")
@StackTrace(false)
final class StoreStatementEvent extends Event {
    @Label("Operation")
    String operation;

    @Label("Table")
    String table;

    static void record(String operation, String table) {
        StoreStatementEvent e = new StoreStatementEvent();
        if (e.isEnabled()) {
            e.operation = operation;
            e.table = table;
            e.commit();
        }
    }
}
