"""Finding and masking secret parameters, as StackStorm masks them in its API."""

import copy

from st2common.constants.secrets import MASKED_ATTRIBUTE_VALUE

__all__ = ["get_secret_parameters", "mask_secret_parameters", "mask_inquiry_response"]

_SCALARS = ("integer", "number", "boolean", "null", "string")


def get_secret_parameters(parameters):
    """Which parameters of a schema are secret.

    ``parameters`` is a parameters mapping (name -> schema) or one schema. The answer mirrors the shape:
    a dict name -> type for secret parameters (a nested dict or list for objects and arrays that hold
    secrets), or the type itself when the schema given is secret.
    """
    kind = parameters.get("type")
    if parameters.get("secret", False):
        return kind
    if kind == "object":
        items, found = list(parameters.get("properties", {}).items()), {}
    elif kind == "array":
        items, found = [(0, parameters.get("items", {}))], []
    elif kind in _SCALARS:
        items, found = [(0, parameters)], None
    else:
        items, found = list(parameters.items()), {}
    for name, schema in items:
        if not isinstance(schema, dict):
            continue
        sub_type = schema.get("type")
        if schema.get("secret", False):
            value = sub_type
        elif sub_type in ("object", "array"):
            value = get_secret_parameters(schema)
            if not value:
                continue
        else:
            continue
        if isinstance(found, list):
            found.append(value)
        elif isinstance(found, dict):
            found[name] = value
        else:
            return value
    return found


def mask_secret_parameters(parameters, secret_parameters, result=None):
    """A copy of ``parameters`` with every value ``secret_parameters`` marks replaced by ``********``."""
    if isinstance(secret_parameters, dict):
        pairs = list(secret_parameters.items())
    elif isinstance(secret_parameters, list):
        pairs = list(enumerate(secret_parameters))
    else:
        return MASKED_ATTRIBUTE_VALUE
    if result is None:
        result = copy.deepcopy(parameters)
    for name, inner in pairs:
        if isinstance(secret_parameters, dict):
            if name in result:
                result[name] = mask_secret_parameters(parameters[name], inner, result=result[name])
        else:
            for index in range(len(result)):
                result[index] = mask_secret_parameters(parameters[index], inner, result=result[index])
    return result


def mask_inquiry_response(response, schema):
    """A copy of an inquiry response with the properties its schema marks secret masked."""
    result = copy.deepcopy(response)
    for name, attributes in schema.get("properties", {}).items():
        if attributes.get("secret") is True and name in response:
            result[name] = MASKED_ATTRIBUTE_VALUE
    return result
