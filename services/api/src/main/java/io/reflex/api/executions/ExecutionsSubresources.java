package io.reflex.api.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.secrets.Masking;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.executions.ExecutionViews;
import io.reflex.rbac.ExecutionAccess;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The nested execution resources: {@code re_run} (201), {@code output} (text), {@code children},
 * {@code attribute/{attribute}} and {@code result} (raw JSON, optionally as a gzip download). Each requires
 * {@code execution_view} on the execution; re-running also requires {@code action_execute}.
 */
final class ExecutionsSubresources implements Controller {
    private final ApiContext api;
    private final ExecutionAccess access;
    private final ExecutionsRequests requests;

    ExecutionsSubresources(ApiContext api, ExecutionAccess access, ExecutionsRequests requests) {
        this.api = api;
        this.access = access;
        this.requests = requests;
    }

    @Override
    public void mount(Router v1) {
        for (String prefix : ExecutionsController.PREFIXES) {
            v1.get(prefix + "/views/filters").handler(Endpoints.of(new ExecutionsFilterValues(api)::get));
            v1.post(prefix + "/:id/re_run").handler(Endpoints.of(this::reRun));
            v1.get(prefix + "/:id/output").handler(Endpoints.of(this::output));
            v1.get(prefix + "/:id/children").handler(Endpoints.of(this::children));
            v1.get(prefix + "/:id/attribute/:attribute").handler(Endpoints.of(this::attribute));
            v1.get(prefix + "/:id/result").handler(Endpoints.of(this::result));
        }
    }

    private Object reRun(Call call) {
        Principal p = call.principal();
        ExecutionsRerunSpec spec = ExecutionsRerunSpec.parse(call.bodyObject());
        Execution existing = access.find(call.path("id"));
        access.require(p, "execution_view", existing);
        spec.check(existing);
        ObjectNode earlier = call.queryBool("no_merge", false)
                ? Json.object()
                : existing.parameters().deepCopy();
        // the earlier execution's parameters were rendered when it was requested: data now
        Execution e = requests.requestRendered(
                p,
                existing.actionRef(),
                spec.parameters(),
                earlier,
                spec.user(),
                spec.context(existing.id()),
                Json.object(),
                spec.delay());
        return Reply.created(ExecutionViews.execution(e, access.options(call)));
    }

    private Object output(Call call) {
        Execution e = access.find(call.path("id"));
        access.require(call.principal(), "execution_view", e);
        String type = call.query("output_type").orElse("all");
        Filter filter = type.equals("all")
                ? Filter.eq("execution_id", e.id())
                : Filter.and(Filter.eq("execution_id", e.id()), Filter.eq("output_type", type));
        StringBuilder text = new StringBuilder();
        for (ExecutionOutput o :
                api.store().store(Kinds.EXECUTION_OUTPUT).find(Query.of(filter).sorted(Sort.by("timestamp")))) {
            text.append(o.data());
        }
        String out =
                access.mask(call) ? Masking.text(text.toString(), ExecutionAccess.secretValues(e)) : text.toString();
        return Reply.text(200, out, "text/plain; charset=utf-8");
    }

    private Object children(Call call) {
        Execution e = access.find(call.path("id"));
        access.require(call.principal(), "execution_view", e);
        int depth = call.queryInt("depth").orElse(-1);
        List<Execution> found = new ArrayList<>();
        descendants(e.id(), depth, found);
        if ("sorted".equals(call.query("result_fmt").orElse(""))) {
            found.sort(java.util.Comparator.comparing(Execution::startTimestamp));
        }
        ExecutionViews.Options options = access.options(call);
        return found.stream().map(c -> ExecutionViews.execution(c, options)).toList();
    }

    /** Depth-first, children in start order; {@code depth} levels (negative: all). */
    private void descendants(String id, int depth, List<Execution> out) {
        if (depth == 0) {
            return;
        }
        for (Execution child :
                api.store().executions().find(Query.of(Filter.eq("parent", id)).sorted(Sort.by("start_timestamp")))) {
            out.add(child);
            descendants(child.id(), depth - 1, out);
        }
    }

    private Object attribute(Call call) {
        String attribute = call.path("attribute");
        if (!ExecutionsController.EXCLUDABLE.contains(attribute)) {
            throw ApiException.badRequest("Invalid attribute \"" + attribute
                    + "\" specified. Valid attributes are: result, trigger_instance, status");
        }
        Execution e = access.findWhole(call.path("id"));
        access.require(call.principal(), "execution_view", e);
        JsonNode value = ExecutionViews.execution(e, access.options(call)).get(attribute);
        return Reply.ok(value == null ? Json.mapper().nullNode() : value);
    }

    private Object result(Call call) {
        String id = call.path("id");
        Execution e = access.whole(api.store()
                .executions()
                .get(id)
                .orElseThrow(() -> ApiException.notFound("Execution with id " + id + " not found")));
        access.require(call.principal(), "execution_view", e);
        JsonNode result = ExecutionViews.execution(e, access.options(call)).path("result");
        byte[] body = bytes(result.isMissingNode() ? e.result() : result, call.queryBool("pretty_format", false));
        boolean compress = call.queryBool("compress", false);
        Reply reply = new Reply(
                200, compress ? gzip(body) : body, compress ? "application/x-gzip" : "text/json", java.util.Map.of());
        if (compress) {
            reply = reply.withHeader("Content-Encoding", "gzip");
        }
        if (call.queryBool("download", false)) {
            String name = "execution_" + id + "_result.json" + (compress ? ".gz" : "");
            reply = reply.withHeader("Content-Disposition", "attachment; filename=" + name);
        }
        return reply;
    }

    private static byte[] bytes(JsonNode value, boolean pretty) {
        try {
            return pretty
                    ? Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(value)
                    : Json.mapper().writeValueAsBytes(value);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
