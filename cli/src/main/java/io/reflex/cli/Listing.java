package io.reflex.cli;

import io.reflex.cli.client.ApiClient;
import io.reflex.cli.client.Transport;
import java.io.PrintWriter;

/** Lists fetch a page and say so (on standard error, so pipes see only the table) when there is more. */
final class Listing {
    private Listing() {}

    static Transport.Response page(ApiClient api, String path, PrintWriter err, String what) {
        Transport.Response r = api.call("GET", path, null);
        int shown = r.json() == null ? 0 : r.json().size();
        r.header("X-Total-Count").map(Listing::parse).ifPresent(total -> {
            if (total > shown) {
                err.println("Note: showing " + shown + " of " + total + " " + what + "; use -n/--last for more.");
                err.flush();
            }
        });
        return r;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
