"""Text helpers."""


def upper(text: str) -> str:
    return text.upper()


def lower(text: str) -> str:
    return text.lower()


def title(text: str) -> str:
    return text.title()


def strip(text: str) -> str:
    return text.strip()


def length(text: str) -> int:
    return len(text)


def empty(text: str) -> bool:
    return not text
