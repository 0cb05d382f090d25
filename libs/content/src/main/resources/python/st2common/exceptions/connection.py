"""StackStorm's exceptions: Remote connections."""


class UnknownHostException(Exception):
    pass


class ConnectionErrorException(Exception):
    pass


class AuthenticationException(Exception):
    pass
