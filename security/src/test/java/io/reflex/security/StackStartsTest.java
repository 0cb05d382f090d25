package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stack the suite attacks is up, with RBAC on. */
class StackStartsTest {
    private final SecurityStack stack = SecurityStack.get();

    @Test
    void anExecutorMayNotReadAKeyTheAdministratorMay() {
        assertThat(stack.put("/api/v1/keys/stack_probe", stack.admin(), "{\"name\": \"stack_probe\", \"value\": \"v\"}")
                        .status())
                .isEqualTo(200);
        assertThat(stack.get("/api/v1/keys/stack_probe", stack.admin()).status())
                .isEqualTo(200);
        assertThat(stack.get("/api/v1/keys/stack_probe", stack.token("executor"))
                        .status())
                .isEqualTo(403);
    }
}
