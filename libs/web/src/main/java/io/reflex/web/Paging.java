package io.reflex.web;

import java.util.List;

/**
 * StackStorm's list paging: {@code ?limit=N&offset=M}, answered with {@code X-Total-Count} and (when a
 * limit applied) {@code X-Limit}. {@code limit=-1} asks for every row and is for administrators; a limit
 * above the maximum page size is for administrators too; {@code limit=0} and negative offsets are errors.
 *
 * @param limit rows to return; 0 means all
 */
public record Paging(int offset, int limit) {
    /**
     * @param defaultLimit the endpoint's default page (0: all rows when no limit is given)
     * @param maxPageSize the largest page a non-administrator may ask for
     */
    public static Paging parse(Call call, int defaultLimit, int maxPageSize, boolean admin) {
        int offset = call.queryInt("offset").orElse(0);
        if (offset < 0) {
            throw ApiException.badRequest("Offset, \"" + offset + "\" specified, must be a positive number.");
        }
        Integer requested = call.queryInt("limit").orElse(null);
        if (requested == null) {
            return new Paging(offset, defaultLimit);
        }
        if (requested == -1) {
            if (!admin) {
                throw ApiException.forbidden(
                        "Administrator access required to be able to specify limit=-1 and retrieve all the records");
            }
            return new Paging(offset, 0);
        }
        if (requested <= 0) {
            throw ApiException.badRequest("Limit, \"" + requested + "\" specified, must be a positive number.");
        }
        if (requested > maxPageSize && !admin) {
            throw ApiException.forbidden(
                    "Limit \"" + requested + "\" specified, maximum value is \"" + maxPageSize + "\"");
        }
        return new Paging(offset, requested);
    }

    /** A 200 with the page and StackStorm's paging headers. */
    public Reply reply(List<?> items, long total) {
        Reply r = Reply.ok(items).withHeader("X-Total-Count", Long.toString(total));
        return limit > 0 ? r.withHeader("X-Limit", Integer.toString(limit)) : r;
    }
}
