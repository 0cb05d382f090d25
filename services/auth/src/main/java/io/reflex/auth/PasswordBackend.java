package io.reflex.auth;

/**
 * Checks a user name and password (StackStorm's auth backend contract). Blocks (may read files and hash);
 * call it from a worker or virtual thread. Never throws for a wrong password: it answers false.
 */
interface PasswordBackend {
    boolean authenticate(String user, String password);
}
