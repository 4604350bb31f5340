"""Functions the worker-process scenario calls in the worker processes and in the main interpreter."""
import logging
import os

_log = logging.getLogger('process_scenario')


def pid():
    return os.getpid()


def log_warning(text):
    _log.warning(text)
    return os.getpid()
