package io.reflex.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZkNamesTest {
    @Test
    void namesBecomeSinglePathSegmentsAndComeBackUnchanged() {
        for (String name : new String[] {"pack.sensor/one:two", ".", "..", ".hidden", "a b+c", "é/ü", "plain-name_1"}) {
            String segment = ZkNames.encode(name);
            assertThat(segment).doesNotContain("/").isNotIn(".", "..").matches("[A-Za-z0-9_.%-]+");
            assertThat(ZkNames.decode(segment)).isEqualTo(name);
        }
    }

    @Test
    void emptyNamesAreRejected() {
        assertThatThrownBy(() -> ZkNames.encode("")).isInstanceOf(IllegalArgumentException.class);
    }
}
