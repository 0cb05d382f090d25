package io.reflex.api.keys;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiContext;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Fields;
import io.reflex.web.Paging;
import io.reflex.web.auth.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /keys}: system keys first, then the caller's (or, for administrators, {@code user=}'s) user keys,
 * paged as one list. Everyone may list their own keys; system keys appear when the caller may see them (all of
 * them for administrators and observers, granted ones otherwise). Expired keys are never listed.
 */
final class KeysListing {
    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> SORTABLE = Set.of("id", "name", "scope", "secret", "expire_timestamp");

    private final ApiContext api;
    private final Store<KeyValuePair> keys;
    private final KeysAccess access;
    private final KeysSecrets secrets;

    KeysListing(ApiContext api, Store<KeyValuePair> keys, KeysAccess access, KeysSecrets secrets) {
        this.api = api;
        this.keys = keys;
        this.access = access;
        this.secrets = secrets;
    }

    /** One scope's share of the list. */
    private interface Source {
        long count();

        List<KeyValuePair> page(int offset, int limit);
    }

    Object list(Call call) {
        Principal p = call.principal();
        Paging page = Paging.parse(call, DEFAULT_LIMIT, api.settings().maxPageSize(), access.isAdmin(p));
        Fields fields = Fields.parse(call).knowing(KeysViews.OPTIONAL);
        boolean decrypt = call.queryBool("decrypt", false);
        Optional<String> userParam = call.query("user");
        String user = userParam.orElse(p.user());
        String scope = listScope(call.query("scope").orElse(null), userParam.isPresent());
        access.checkUserParameter(p, user);
        if (decrypt) {
            access.checkDecrypt(p, scope.equals(KeyValuePair.USER));
        }
        Sort sort = sort(call);
        List<Source> sources = new ArrayList<>();
        if (!scope.equals(KeyValuePair.USER)) {
            sources.add(systemKeys(call, p, sort));
        }
        if (!scope.equals(KeyValuePair.SYSTEM)) {
            sources.add(stored(names(call, KeyValuePair.USER, user + ":"), sort));
        }
        List<KeyValuePair> found = new ArrayList<>();
        long total = concatenated(sources, page, found);
        List<JsonNode> out = new ArrayList<>();
        for (KeyValuePair kvp : found) {
            String plain = decrypt && kvp.secret() ? secrets.decrypt(kvp.name(), kvp.value()) : null;
            out.add(fields.apply(KeysViews.view(kvp, plain)));
        }
        return page.reply(out, total);
    }

    /** Pages through the sources as if they were one list; returns the total and adds the page to {@code out}. */
    private static long concatenated(List<Source> sources, Paging page, List<KeyValuePair> out) {
        long total = 0;
        long skip = page.offset();
        for (Source source : sources) {
            long n = source.count();
            total += n;
            int wanted = page.limit() <= 0 ? 0 : page.limit() - out.size();
            if ((page.limit() > 0 && wanted == 0) || skip >= n) {
                skip = Math.max(0, skip - n);
                continue;
            }
            out.addAll(source.page((int) skip, wanted));
            skip = 0;
        }
        return total;
    }

    /** {@code user=} implies user scope; no scope means system (StackStorm's default). */
    static String listScope(String given, boolean userGiven) {
        if (userGiven) {
            return KeyValuePair.USER;
        }
        if (given == null || given.isEmpty()) {
            return KeyValuePair.SYSTEM;
        }
        if (given.equals(KeysAddress.ALL)) {
            return KeysAddress.ALL;
        }
        return KeysAddress.fullScope(given).orElseThrow(() -> ApiException.badRequest("Invalid scope: " + given));
    }

    private Source systemKeys(Call call, Principal p, Sort sort) {
        Filter filter = names(call, KeyValuePair.SYSTEM, "");
        if (access.seesAllSystemKeys(p)) {
            return stored(filter, sort);
        }
        List<KeyValuePair> visible = keys.find(Query.of(filter).sorted(sort)).stream()
                .filter(k -> access.sees(p, new KeysAddress(KeyValuePair.SYSTEM, p.user(), k.name())))
                .toList();
        return new Source() {
            @Override
            public long count() {
                return visible.size();
            }

            @Override
            public List<KeyValuePair> page(int offset, int limit) {
                int end = limit <= 0 ? visible.size() : Math.min(visible.size(), offset + limit);
                return visible.subList(Math.min(offset, end), end);
            }
        };
    }

    private Source stored(Filter filter, Sort sort) {
        return new Source() {
            @Override
            public long count() {
                return keys.count(filter);
            }

            @Override
            public List<KeyValuePair> page(int offset, int limit) {
                return keys.find(Query.of(filter).sorted(sort).page(offset, limit));
            }
        };
    }

    /** The scope, the live (unexpired) keys, and the name filters under {@code namePrefix} (a user's keys). */
    private Filter names(Call call, String scope, String namePrefix) {
        List<Filter> all = new ArrayList<>();
        all.add(Filter.eq("scope", scope));
        all.add(live(api));
        all.add(Filter.startsWith("name", namePrefix + call.query("prefix").orElse("")));
        call.query("name").ifPresent(n -> all.add(Filter.eq("name", namePrefix + n)));
        call.query("id").ifPresent(id -> all.add(Filter.eq("id", id)));
        return Filter.and(all);
    }

    /** Keys without an expiry, or expiring later than now. */
    static Filter live(ApiContext api) {
        return Filter.or(
                Filter.missing("expire_timestamp"), Filter.gt("expire_timestamp", Timestamps.now(api.clock())));
    }

    private static Sort sort(Call call) {
        List<String> given = call.queryList("sort");
        for (String s : given) {
            String field = s.startsWith("-") ? s.substring(1) : s;
            if (!SORTABLE.contains(field)) {
                throw ApiException.badRequest("Invalid sort key: '" + field + "'. Supported: "
                        + String.join(", ", SORTABLE.stream().sorted().toList()));
            }
        }
        return given.isEmpty() ? Sort.by("name") : Sort.by(given.toArray(String[]::new));
    }
}
