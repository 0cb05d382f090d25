package io.reflex.embedded;

import de.bwaldvogel.mongo.bson.Document;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One command the embedded store answered, recorded by Java Flight Recorder when a recording enables it
 * (the pipeline benchmark's profile counts them per execution); costs nothing otherwise.
 */
@Name("reflex.StoreCommand")
@Label("Store command")
@Category({"Reflex", "Store"})
@Description("A command the embedded store answered")
@StackTrace(false)
final class StoreCommandEvent extends Event {
    @Label("Command")
    String command;

    @Label("Collection")
    String collection;

    static void record(String command, Document query) {
        StoreCommandEvent e = new StoreCommandEvent();
        if (e.isEnabled()) {
            e.command = command;
            Object target = query == null ? null : query.get(command);
            e.collection = target instanceof String s ? s : "";
            e.commit();
        }
    }
}
