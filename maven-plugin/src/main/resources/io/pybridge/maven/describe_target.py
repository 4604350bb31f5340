"""Run by pybridge-maven-plugin with the interpreter that installs the packages.

Prints, as properties, what the runtime checks before it boots: this interpreter's version, ABI
tag and platform, and what the packages folder (argv[1]) holds.
"""
import importlib.metadata
import os
import platform
import sys
import sysconfig

target = sys.argv[1]
if sys.implementation.name != "cpython":
    sys.exit("pybridge embeds CPython; this is " + sys.implementation.name)
free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
print("python.version=" + platform.python_version())
print("python.abi=cp%d%d%s" % (sys.version_info[0], sys.version_info[1], "t" if free_threaded else ""))
print("python.platform=" + sysconfig.get_platform())
installed = []
native = False
if os.path.isdir(target):
    installed = sorted("%s==%s" % (d.metadata["Name"], d.version)
                       for d in importlib.metadata.distributions(path=[target]))
    for _root, _dirs, files in os.walk(target):
        if any(name.endswith((".so", ".pyd")) or ".so." in name for name in files):
            native = True
            break
print("installed=" + ",".join(installed))
print("native=" + ("true" if native else "false"))
