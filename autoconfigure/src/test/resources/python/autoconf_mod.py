"""Imported by the auto-configuration tests from classpath:python/."""
import logging

from autoconf_pkg import helper


def double(x):
    return helper.twice(x)


def log_warning(message):
    logging.getLogger('autoconf.test').warning(message)


def fail(message):
    raise ValueError(message)
