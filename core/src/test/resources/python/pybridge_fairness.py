"""Calls that hold the GIL for a while, for the fairness tests (main and pooled interpreters)."""
import time


def ticketed_spin(ticket, millis):
    """Takes a ticket from Java on entry (the order calls got in), then spins on the CPU."""
    number = ticket()
    end = time.perf_counter() + millis / 1000.0
    while time.perf_counter() < end:
        pass
    return number
