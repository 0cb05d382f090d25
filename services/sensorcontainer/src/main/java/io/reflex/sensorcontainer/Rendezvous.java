package io.reflex.sensorcontainer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who owns which key among a set of members: rendezvous (highest random weight) hashing with bounded loads.
 * A pure function of its inputs, so every member that sees the same member set computes the same owners
 * without talking to the others.
 *
 * <p>Every (member, key) pair gets a score, a hash of both. Pairs are handed out best score first, and a
 * member stops taking keys at its share: {@code floor(keys / members)}, or one more for as many members as
 * the division leaves keys over. Plain rendezvous hashing (no bound) moves the fewest keys, but leaves
 * loads to chance: 9 keys over 3 members give someone 0, 1 or 5+ keys about half the time. With the bound
 * loads differ by at most one, and movement stays near the minimum: a joining member takes the keys that
 * score best with it (about 1.2 times its share move in all), and the keys of a leaving member go to the
 * members that score best with them (a few percent of the others' keys move too).
 */
final class Rendezvous {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Rendezvous() {}

    /** The owner of every key; empty when there are no members. */
    static Map<String, String> assign(Collection<String> keys, Collection<String> members) {
        Set<String> ks = new TreeSet<>(keys);
        Set<String> ms = new TreeSet<>(members);
        Map<String, String> owners = new HashMap<>();
        if (ms.isEmpty() || ks.isEmpty()) {
            return owners;
        }
        // Exact balance: every member gets floor(n/m) keys, and `extra` of them one more.
        int floor = ks.size() / ms.size();
        int extra = ks.size() % ms.size();
        List<Pair> pairs = new ArrayList<>(ks.size() * ms.size());
        for (String k : ks) {
            for (String m : ms) {
                pairs.add(new Pair(score(m, k), k, m));
            }
        }
        pairs.sort(Pair.BEST_FIRST);
        Map<String, Integer> load = new HashMap<>();
        int atCeiling = 0;
        for (Pair p : pairs) {
            int l = load.getOrDefault(p.member(), 0);
            if (owners.containsKey(p.key()) || l > floor || (l == floor && atCeiling == extra)) {
                continue;
            }
            owners.put(p.key(), p.member());
            load.put(p.member(), l + 1);
            if (l == floor) {
                atCeiling++;
            }
        }
        return owners;
    }

    /** The keys {@code member} owns; empty when it is not one of {@code members}. */
    static Set<String> owned(Collection<String> keys, Collection<String> members, String member) {
        if (!members.contains(member)) {
            return Set.of();
        }
        return assign(keys, members).entrySet().stream()
                .filter(e -> e.getValue().equals(member))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The weight of {@code member} for {@code key}: the first 8 bytes of SHA-256(member NUL key), unsigned. */
    static long score(String member, String key) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        sha.update(member.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] h = sha.digest(key.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return v;
    }

    private record Pair(long score, String key, String member) {
        static final Comparator<Pair> BEST_FIRST = Comparator.comparing(
                        Pair::score, (a, b) -> Long.compareUnsigned(b, a))
                .thenComparing(Pair::key)
                .thenComparing(Pair::member);
    }
}
