package io.reflex.zookeeper;

import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.CoordinationCodec;
import io.reflex.core.coordination.Member;
import io.reflex.core.coordination.MembershipChanges;
import io.reflex.core.coordination.MembershipListener;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;

/**
 * Watches {@code /groups/<group>} with a {@link CuratorCache}. The member set is rebuilt from the cache's
 * events, in order, rather than read from the cache: a member that leaves and comes back quickly (a lost
 * session rejoining) is then told as a leave and a join, not folded into "no change".
 */
final class ZkGroupWatch implements Subscription, CuratorCacheListener {
    private final String groupPath;
    private final MembershipChanges changes;
    private final CuratorCache cache;
    private final Consumer<ZkGroupWatch> forget;
    // Touched on the event thread only.
    private final Map<String, Member> members = new HashMap<>();
    private boolean initialized;

    ZkGroupWatch(
            CuratorFramework curator,
            String group,
            MembershipListener listener,
            Executor events,
            Consumer<ZkGroupWatch> forget) {
        this.groupPath = ZkNames.path("groups", group);
        this.changes = new MembershipChanges(listener, events);
        this.forget = forget;
        this.cache = CuratorCache.build(curator, groupPath);
        cache.listenable().addListener(this, events);
    }

    void start() {
        cache.start();
    }

    @Override
    public void event(Type type, ChildData oldData, ChildData data) {
        ChildData node = data != null ? data : oldData;
        if (node == null
                || !groupPath.equals(ZKPaths.getPathAndNode(node.getPath()).getPath())) {
            return; // the group node itself
        }
        String id = ZkNames.decode(ZKPaths.getNodeFromPath(node.getPath()));
        if (type == Type.NODE_DELETED) {
            members.remove(id);
        } else {
            members.put(id, new Member(id, CoordinationCodec.readCapabilities(data.getData())));
        }
        tell();
    }

    @Override
    public void initialized() {
        initialized = true;
        tell();
    }

    private void tell() {
        if (initialized) {
            changes.offer(Set.copyOf(members.values()));
        }
    }

    @Override
    public void close() {
        if (changes.close()) {
            forget.accept(this);
            cache.close();
        }
    }
}
