"""Run by pybridge-maven-plugin's check goal with the interpreter the application will use.

argv[1]: the folder of the application's Python sources; argv[2]: a file of the client methods
to check, one a line: id TAB module TAB function TAB positional count TAB keyword names (comma
separated, in snake_case) TAB the same keywords as Java spells them (tried when the first do not
bind, as the runtime's validation does). Compiles every .py file of the folder, then reads each named function's signature and
type hints from the module's syntax tree: no module is imported, so no code of the application
runs and its imports need not resolve (the packages may not be installed yet).

Prints one record a line, fields separated by TAB (tabs and line breaks inside a field become
spaces):
  syntax   path line column message source       a file that does not compile (once per file)
  result   id status path line column detail     what the method's function is; status is one of
           ok, unchecked (the module is not in the sources, or the name is not a plain def:
           a decorated or redefined function, an import, a module __getattr__), broken (its
           module does not compile), missing, signature (the arguments do not bind)
  hint     id placeholder hint line column       the type hint of the parameter a Java argument
           lands in: p<i> positional i, k:<name> keyword name
  returns  id hint line column                   the return type hint
Hints are normalized: int float str bool bytes None, list[E], dict[K,V], dataclass[Name],
union[A,B,...]; ? for anything else, which is never judged.
"""
import ast
import inspect
import os
import sys

_SCALARS = ("int", "float", "str", "bool", "bytes")


def clean(text):
    return str(text).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def emit(*fields):
    print("\t".join(clean(field) for field in fields))


class Module:
    """One source file: its syntax tree and what its top level binds."""

    def __init__(self, path, tree):
        self.path = path
        self.defs = {}            # name -> FunctionDef, for names bound once, by an undecorated def
        self.other = set()        # names bound some other way (imports, assignments, classes, redefinitions)
        self.dataclasses = set()
        self.typing = {}          # local name -> typing name, for from typing import X (as Y)
        self.typing_modules = {"typing"}
        self.dynamic = False      # a module __getattr__ or a star import: any name may exist
        counts = {}
        for node in self._top_level(tree.body):
            for name in self._bound(node):
                counts[name] = counts.get(name, 0) + 1
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.name == "__getattr__":
                    self.dynamic = True
                if node.decorator_list:
                    self.other.add(node.name)
                else:
                    self.defs.setdefault(node.name, node)
            elif isinstance(node, ast.ClassDef):
                self.other.add(node.name)
                if any(self._is_dataclass(d) for d in node.decorator_list):
                    self.dataclasses.add(node.name)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name == "*":
                        self.dynamic = True
                    elif node.module == "typing":
                        self.typing[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "typing":
                        self.typing_modules.add(alias.asname or "typing")
        for name, count in counts.items():
            if count > 1 or name not in self.defs:
                self.defs.pop(name, None)
                self.other.add(name)
        # A dataclass whose name is bound again is not one for certain.
        self.dataclasses = {name for name in self.dataclasses if counts.get(name) == 1}

    def _top_level(self, body):
        """Statements run at import: the body, and the branches of top-level if/try/with blocks."""
        for node in body:
            yield node
            if isinstance(node, (ast.If, ast.For, ast.While, ast.With, ast.AsyncWith)):
                yield from self._top_level(node.body)
                yield from self._top_level(getattr(node, "orelse", []))
            elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
                yield from self._top_level(node.body)
                for handler in node.handlers:
                    yield from self._top_level(handler.body)
                yield from self._top_level(node.orelse)
                yield from self._top_level(node.finalbody)
            elif type(node).__name__ == "Match":
                for case in node.cases:
                    yield from self._top_level(case.body)

    @staticmethod
    def _bound(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return [node.name]
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return [(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"]
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and (not isinstance(node, ast.AnnAssign) or node.value):
            targets = [node.target]
        elif isinstance(node, (ast.For, ast.With, ast.AsyncWith)):
            targets = [node.target] if isinstance(node, ast.For) else [i.optional_vars for i in node.items if i.optional_vars]
        elif type(node).__name__ == "TypeAlias":
            targets = [node.name]
        names = []
        for target in targets:
            names.extend(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        return names

    @staticmethod
    def _is_dataclass(decorator):
        if isinstance(decorator, ast.Call):
            decorator = decorator.func
        return (isinstance(decorator, ast.Name) and decorator.id == "dataclass") or (
            isinstance(decorator, ast.Attribute) and decorator.attr == "dataclass"
            and isinstance(decorator.value, ast.Name) and decorator.value.id == "dataclasses")

    def _typing_name(self, node):
        """The typing name node stands for (Optional, List...), or None."""
        if isinstance(node, ast.Name) and node.id in self.typing and node.id not in self.defs:
            return self.typing[node.id]
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in self.typing_modules:
            return node.attr
        return None

    def _builtin(self, node):
        """The builtin name node stands for, unless the module binds that name itself."""
        if isinstance(node, ast.Name) and node.id not in self.other and node.id not in self.defs:
            return node.id
        return None

    def hint(self, node):
        if node is None:
            return "?"
        if isinstance(node, ast.Constant):
            if node.value is None:
                return "None"
            if isinstance(node.value, str):  # a forward reference: "int", "Point"
                try:
                    return self.hint(ast.parse(node.value, mode="eval").body)
                except SyntaxError:
                    return "?"
            return "?"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self._union([node.left, node.right])
        typing_name = self._typing_name(node)
        builtin = self._builtin(node)
        if builtin in _SCALARS:
            return builtin
        if builtin == "list" or typing_name == "List":
            return "list[?]"
        if builtin == "dict" or typing_name == "Dict":
            return "dict[?,?]"
        if isinstance(node, ast.Name) and node.id in self.dataclasses:
            return "dataclass[%s]" % node.id
        if isinstance(node, ast.Subscript):
            base = node.value
            args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            name = self._typing_name(base) or self._builtin(base)
            if name in ("list", "List") and len(args) == 1:
                return "list[%s]" % self.hint(args[0])
            if name in ("dict", "Dict") and len(args) == 2:
                return "dict[%s,%s]" % (self.hint(args[0]), self.hint(args[1]))
            if name == "Optional" and len(args) == 1:
                return self._union([args[0], ast.Constant(None)])
            if name == "Union":
                return self._union(args)
            if name == "Annotated" and args:
                return self.hint(args[0])
        return "?"

    def _union(self, nodes):
        members = []
        for node in nodes:
            member = self.hint(node)
            if member == "?":
                return "?"
            members.extend(member[len("union["):-1].split("|") if member.startswith("union[") else [member])
        return "union[%s]" % "|".join(members)


class _Default:
    """A default value as its source text, so the signature prints as written."""

    def __init__(self, node):
        self.text = ast.unparse(node)

    def __repr__(self):
        return self.text


def signature_of(function):
    """The inspect.Signature the def will have (its default values as source text): a call binds by its rules."""
    args = function.args
    parameters = []
    positional = list(getattr(args, "posonlyargs", [])) + list(args.args)
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    posonly = len(getattr(args, "posonlyargs", []))
    for index, (arg, default) in enumerate(zip(positional, defaults)):
        kind = inspect.Parameter.POSITIONAL_ONLY if index < posonly else inspect.Parameter.POSITIONAL_OR_KEYWORD
        parameters.append(inspect.Parameter(arg.arg, kind,
                                            default=inspect.Parameter.empty if default is None else _Default(default)))
    if args.vararg:
        parameters.append(inspect.Parameter(args.vararg.arg, inspect.Parameter.VAR_POSITIONAL))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        parameters.append(inspect.Parameter(arg.arg, inspect.Parameter.KEYWORD_ONLY,
                                            default=inspect.Parameter.empty if default is None else _Default(default)))
    if args.kwarg:
        parameters.append(inspect.Parameter(args.kwarg.arg, inspect.Parameter.VAR_KEYWORD))
    annotations = {a.arg: a for a in positional + list(args.kwonlyargs)
                   + [a for a in (args.vararg, args.kwarg) if a is not None]}
    return inspect.Signature(parameters), annotations


def main():
    root, requests_file = sys.argv[1], sys.argv[2]
    modules = {}   # dotted name -> Module, or the path of a file that does not compile
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for file in sorted(files):
            if not file.endswith(".py"):
                continue
            path = os.path.join(folder, file)
            relative = os.path.relpath(path, root)[:-3].split(os.sep)
            if relative[-1] == "__init__":
                relative = relative[:-1]
            name = ".".join(relative)
            with open(path, "rb") as source:
                data = source.read()
            try:
                # compile, not only ast.parse: it also raises what the symbol table finds
                # ('return' outside a function, a nonlocal with no binding).
                compile(data, path, "exec", dont_inherit=True)
                modules[name] = Module(path, ast.parse(data, path))
            except (SyntaxError, ValueError) as error:
                line = getattr(error, "lineno", None) or 0
                column = getattr(error, "offset", None) or 0
                text = (getattr(error, "text", None) or "").rstrip("\r\n")
                message = getattr(error, "msg", None) or str(error)
                emit("syntax", path, line, column, type(error).__name__ + ": " + message, text)
                modules[name] = path
    with open(requests_file, encoding="utf-8") as requests:
        for request in requests:
            request = request.rstrip("\n")
            if not request:
                continue
            ident, module_name, function_name, count, keywords, declared = request.split("\t")
            check(modules, ident, module_name, function_name, int(count), [k for k in keywords.split(",") if k],
                  [k for k in declared.split(",") if k])


def check(modules, ident, module_name, function_name, count, keywords, declared):
    # A module whose package (or itself) does not compile cannot be imported.
    parts = module_name.split(".")
    for end in range(1, len(parts) + 1):
        found = modules.get(".".join(parts[:end]))
        if isinstance(found, str):
            emit("result", ident, "broken", found, 0, 0, "")
            return
    module = modules.get(module_name)
    if module is None:
        emit("result", ident, "unchecked", "", 0, 0, "module not in the sources")
        return
    function = module.defs.get(function_name)
    if function is None:
        if function_name in module.other or module.dynamic:
            emit("result", ident, "unchecked", module.path, 0, 0, "not a plain def")
        else:
            emit("result", ident, "missing", module.path, 0, 0, "")
        return
    signature, annotations = signature_of(function)
    column = function.col_offset + (len("async def ") if isinstance(function, ast.AsyncFunctionDef) else len("def ")) + 1
    placeholders = ["p%d" % i for i in range(count)]
    try:
        bound = signature.bind(*placeholders, **{k: "k:" + k for k in keywords})
    except TypeError as problem:
        try:
            if declared == keywords:
                raise
            bound = signature.bind(*placeholders, **{k: "k:" + k for k in declared})
        except TypeError:
            emit("result", ident, "signature", module.path, function.lineno, column,
                 "%s%s: %s" % (function_name, signature, problem))
            return
    emit("result", ident, "ok", module.path, function.lineno, column, "")
    for name, value in bound.arguments.items():
        arg = annotations[name]
        kind = signature.parameters[name].kind
        values = list(value) if kind == inspect.Parameter.VAR_POSITIONAL else (
            list(value.values()) if kind == inspect.Parameter.VAR_KEYWORD else [value])
        where = arg.annotation if arg.annotation is not None else arg
        for placeholder in values:
            emit("hint", ident, placeholder, module.hint(arg.annotation), where.lineno, where.col_offset + 1)
    if function.returns is not None:
        emit("returns", ident, module.hint(function.returns), function.returns.lineno, function.returns.col_offset + 1)


main()
