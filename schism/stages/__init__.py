"""One module per stage, each with `run(ctx)` (the stage table,
`schism.pipeline`, names them). What they share is re-exported here:
the build context (`context`) and the XML stage cycle (`xmlstage`)."""

from schism.stages.context import Context
from schism.stages.xmlstage import (
    check_input,
    parse_input,
    read_input,
    write_output,
    xslt_stage,
)

__all__ = ["Context", "check_input", "parse_input", "read_input", "write_output", "xslt_stage"]
