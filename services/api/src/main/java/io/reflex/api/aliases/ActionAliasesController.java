package io.reflex.api.aliases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.content.ContentResource;
import io.reflex.api.content.ContentResources;
import io.reflex.api.content.ContentWrites;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /actionalias}: list, get, create, update, delete, plus {@code match} (which alias format a chat
 * command fits; 400 when none or several do) and {@code help} (the display strings). Changes are announced
 * on the event stream as {@code st2.actionalias__create|update|delete}, which chat bots may follow.
 */
final class ActionAliasesController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(ActionAliasesController.class);
    private static final Map<String, String> FILTERS = Map.of("id", "id", "name", "name", "pack", "pack");

    private final ApiContext api;
    private final ContentResource<ActionAlias> resource;

    ActionAliasesController(ApiContext api) {
        this.api = api;
        this.resource = new ContentResource<>(
                api,
                new ContentResource.Description<>(
                        "/actionalias",
                        "ref_or_id",
                        Kinds.ACTION_ALIAS,
                        "action_alias",
                        FILTERS,
                        FILTERS,
                        List.of("pack", "name"),
                        100,
                        ActionAliasesController::view,
                        ActionAlias::uid),
                new ContentWrites<>(
                        api,
                        api.store().store(Kinds.ACTION_ALIAS),
                        "action_alias",
                        "action_alias",
                        null,
                        "alias",
                        new Writes()));
    }

    /** Changes are announced on the event stream for chat bots. */
    private final class Writes implements ContentWrites.Kind<ActionAlias> {
        @Override
        public ActionAlias validate(ObjectNode doc, Call call) {
            return ActionAliasesController.this.validate(doc);
        }

        @Override
        public void changed(String change, ActionAlias a) {
            announce(change, a);
        }
    }

    @Override
    public void mount(Router v1) {
        v1.post("/actionalias/match").handler(Endpoints.of(this::match));
        v1.get("/actionalias/help").handler(Endpoints.of(this::help));
        resource.mount(v1);
    }

    private Object match(Call call) {
        api.authorizer().require(call.principal(), "action_alias_match");
        JsonNode command = call.bodyObject().get("command");
        if (command == null || !command.isTextual()) {
            throw ApiException.badRequest("missing required field 'command' (a string)");
        }
        ActionAliasesMatcher.Match m = ActionAliasesMatcher.matchOne(command.asText(), all());
        ObjectNode out = Json.object();
        out.set("actionalias", view(m.alias()));
        out.put("display", m.display());
        out.put("representation", m.representation());
        return out;
    }

    private Object help(Call call) {
        api.authorizer().require(call.principal(), "action_alias_help");
        int limit = call.queryInt("limit").orElse(100);
        int offset = call.queryInt("offset").orElse(0);
        if (limit < 0 || offset < 0) {
            throw ApiException.badRequest("query parameters 'limit' and 'offset' must not be negative");
        }
        return ActionAliasesMatcher.help(
                all(), call.query("filter").orElse(""), call.query("pack").orElse(null), limit, offset);
    }

    /** Every alias, in StackStorm's list order (pack, name). */
    private List<ActionAlias> all() {
        return resource.store().find(Query.all().sorted(Sort.by("pack", "name")));
    }

    private ActionAlias validate(ObjectNode doc) {
        try {
            return ItemDocuments.alias(
                    doc,
                    ref -> api.store()
                            .store(Kinds.ACTION)
                            .findOne(ContentQueries.byRef(ref))
                            .isPresent());
        } catch (ContentException e) {
            throw ContentResources.invalid(e);
        }
    }

    private void announce(String what, ActionAlias a) {
        try {
            api.bus().log(Channels.EVENTS).append(new StreamEvent("st2.actionalias__" + what, view(a)));
        } catch (RuntimeException e) {
            // The change is stored; a missed stream event only delays bots until their next reload.
            log.warn(
                    "stream event not appended event=st2.actionalias__{} alias={} error={}",
                    what,
                    a.ref(),
                    e.toString());
        }
    }

    public static ObjectNode view(ActionAlias a) {
        return Json.mapper().valueToTree(a);
    }
}
