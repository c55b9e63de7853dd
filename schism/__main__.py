import os
import sys

from schism import xmlio
from schism.cli import main

xmlio.keep_documents()
code = main()
# The process ends here: the interpreter's teardown (freeing every tree and
# object one by one) would only cost time. Output is flushed first.
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:  # a closed pipe: what was not written is lost, as at any exit
    pass
os._exit(code)
