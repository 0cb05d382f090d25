"""How secret values are masked."""

MASKED_ATTRIBUTES_BLACKLIST = ["password", "auth_token", "token", "secret", "credentials", "st2_auth_token"]
MASKED_ATTRIBUTE_VALUE = "********"
