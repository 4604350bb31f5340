"""The application's own Python: uses the packages the build installed."""
import importlib.resources
import json
import sys

import greeting
import shapes


def report():
    files = importlib.resources.files("shapes")
    colors = json.loads(files.joinpath("data/colors.json").read_text(encoding="utf-8"))
    return "\n".join([
        "version " + sys.version.split()[0],
        greeting.hello("pybridge"),
        "area " + str(shapes.area(3, 4)),
        "colors " + ",".join(colors),
        "typed " + str(files.joinpath("py.typed").is_file()),
        "shapes-from " + shapes.__file__,
        "app-from " + __file__,
    ])
