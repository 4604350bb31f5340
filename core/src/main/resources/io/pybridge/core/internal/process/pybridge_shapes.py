"""Placeholder until the conversion layer lands: results cross as they are."""


def shaped(value, shape):
    if shape == 'v':
        return None
    return value
