# The application's sources hold a module of the same name: the installed package must win,
# since packages come before the sources on sys.path.
raise ImportError("the sources' shapes.py was imported instead of the installed package")
