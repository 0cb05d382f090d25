package io.reflex.core.store;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One command a store answered or sent (a command the embedded mongo-java-server answered, a statement the
 * PostgreSQL adapter sent to its server), recorded by Java Flight Recorder when a recording enables it (the
 * benchmarks' profiles count them per execution and per task); costs nothing otherwise.
 */
@Name("reflex.StoreCommand")
@Label("Store command")
@Category({"Reflex", "Store"})
@Description("A command a store answered or a statement it sent")
@StackTrace(false)
public final class StoreCommandEvent extends Event {
    @Label("Command")
    String command;

    @Label("Collection")
    String collection;

    public static void record(String command, String collection) {
        StoreCommandEvent e = new StoreCommandEvent();
        if (e.isEnabled()) {
            e.command = command;
            e.collection = collection == null ? "" : collection;
            e.commit();
        }
    }
}
