"""Functions the pooled-application scenario calls in the main interpreter and in the pool."""

# Module-level state: one counter per interpreter that imported this module.
calls = 0


def count():
    global calls
    calls += 1
    return calls


def squares(n):
    return sum(i * i for i in range(n))
