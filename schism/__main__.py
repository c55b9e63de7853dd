import gc
import os
import sys

from schism import xmlio
from schism.cli import main

# A stage process is short and makes few reference cycles, but hundreds of
# thousands of objects: the collector's default pace (every 700
# allocations, looking at every object now and then) costs a tenth of a
# large stage. Collect seldom, and never look at what start-up made.
gc.freeze()
gc.set_threshold(100_000, 50, 100)
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
