# Imported by PythonExceptionTest: a module that exits while it is imported.
raise SystemExit(3)
