def fine():
    def oops(:
        pass
