package io.reflex.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.executions.ExecutionViews;
import io.reflex.templates.Datastore;
import io.reflex.templates.KeyValueContext;
import io.reflex.templates.TemplateException;
import io.reflex.templates.Templates.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code core.st2.generic.notifytrigger} dispatches of a completed execution: one per applicable notify
 * section and route. Message and data are rendered with StackStorm's notify context
 * ({@code action_parameters}, {@code action_context}, {@code action_results}, {@code st2kv.system}), with
 * secret parameters and result fields masked; a template that fails to render is sent unrendered (StackStorm
 * logs and goes on). {@code data.result} is the result as {@code json.dumps} text. Reads the datastore for
 * {@code st2kv} lookups; otherwise pure.
 */
final class NotifyTriggers {
    private static final Logger log = LoggerFactory.getLogger(NotifyTriggers.class);

    private final RenderValues values;
    private final Datastore datastore;

    NotifyTriggers(RenderValues values, Datastore datastore) {
        this.values = values;
        this.datastore = datastore;
    }

    List<TriggerDispatch> dispatches(Execution e, Instant now) {
        List<NotifySections.Section> sections = NotifySections.applicable(e);
        if (sections.isEmpty()) {
            return List.of();
        }
        JsonNode maskedResult = ExecutionViews.result(e, true);
        Map<String, Object> base = new HashMap<>();
        base.put("action_parameters", Values.toJava(ExecutionViews.parameters(e, true)));
        base.put("action_context", Values.toJava(e.context().json()));
        base.put("action_results", Values.toJava(maskedResult));
        String resultText = PyFormat.jsonDumps(maskedResult);
        List<TriggerDispatch> out = new ArrayList<>();
        for (NotifySections.Section s : sections) {
            Map<String, Object> context = withDatastore(base, s, e);
            String message = message(e, s, context);
            ObjectNode data = data(e, s, context);
            data.put("result", resultText);
            for (String route : s.routes()) {
                ObjectNode payload = TriggerPayloads.notifyTrigger(e, route, message, data.deepCopy(), now);
                String id = TriggerPayloads.notifyId(e, s.name(), route);
                out.add(TriggerPayloads.dispatch(id, TriggerPayloads.NOTIFY_TRIGGER, payload, e, now));
            }
        }
        return out;
    }

    private String message(Execution e, NotifySections.Section s, Map<String, Object> context) {
        if (!s.render()) {
            return s.message();
        }
        try {
            return values.render(s.message(), context);
        } catch (TemplateException ex) {
            log.warn("notify message not rendered execution={} section={} error={}", e.id(), s.name(), ex.getMessage());
            return s.message();
        }
    }

    private ObjectNode data(Execution e, NotifySections.Section s, Map<String, Object> context) {
        if (!s.render()) {
            return s.data().deepCopy();
        }
        try {
            return values.render(s.data(), context).deepCopy();
        } catch (TemplateException ex) {
            log.warn("notify data not rendered execution={} section={} error={}", e.id(), s.name(), ex.getMessage());
            return s.data().deepCopy();
        }
    }

    /**
     * {@code st2kv.system}: the keys the section's templates mention, looked up once with the rights of whoever
     * wrote the section ({@link NotifyRights}); none when those rights refuse one.
     */
    private Map<String, Object> withDatastore(Map<String, Object> base, NotifySections.Section s, Execution e) {
        String text = s.message() + "\n" + PyFormat.jsonDumps(s.data());
        String user = e.context().user() == null ? "" : e.context().user();
        Map<String, Object> context = new HashMap<>(base);
        try {
            Map<String, Object> kv = KeyValueContext.build(text, datastore, user, NotifyRights.of(e));
            context.put("st2kv", Map.of("system", kv.get("system")));
        } catch (TemplateException ex) {
            // its templates then fail on st2kv and the section is sent unrendered
            log.warn(
                    "notify datastore lookup refused execution={} section={} error={}",
                    e.id(),
                    s.name(),
                    ex.getMessage());
        }
        return context;
    }
}
