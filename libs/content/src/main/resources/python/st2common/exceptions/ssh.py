"""StackStorm's exceptions: SSH."""


class InvalidCredentialsException(Exception):
    pass


class NoHostsConnectedToException(Exception):
    pass
