"""Generators for StreamingResultsTest: each records in `state` what Java made it do."""
import sys

# Per interpreter (a pooled one has its own copy of this module).
state = {"yielded": 0, "closed": 0, "finished": 0}


def reset():
    state.update(yielded=0, closed=0, finished=0)


def counted():
    return dict(state)


def numbers(count):
    """0, 1, ... count-1, counting what was produced; `finally` records a close or the end."""
    done = False
    try:
        for i in range(count):
            state["yielded"] += 1
            yield i
        done = True
    finally:
        state["finished" if done else "closed"] += 1


def words(count):
    """`count` strings of 100 characters each: 10^6 of them would be ~150 MB held at once."""
    for i in range(count):
        state["yielded"] += 1
        yield f"{i:08d}" + "x" * 92


def fails_after(count):
    for i in range(count):
        yield i
    raise ValueError(f"no item after {count}")  # the line Java's traceback must show


def with_none():
    yield "a"
    yield None
    yield "b"


def interpreter_items(count, marker):
    """Yields the id of the interpreter it runs in; its `finally` writes that id to `marker`."""
    try:
        for _ in range(count):
            yield id(sys)
    finally:
        with open(marker, "w") as out:
            out.write(str(id(sys)))


def interpreter_id():
    return id(sys)


def not_a_generator():
    return 42


def plain_iterator():
    return iter(["x", "y"])


def tokens(text):
    """The words of `text` one at a time, as a model streams tokens."""
    for word in text.split():
        yield word
