"""The Phidias generator's messages for values it cannot parse, on trees the
validator has not seen: the generator reads some attribute texts before it
parses them (while their element is at hand), and a bad one is still the
located `values.attribute` message of the first bad value, in the order the
generator reads them."""

from __future__ import annotations

import pytest
from support import line_of

from schism import cbi, xmlio
from schism.errors import SchismError

from .helpers import prepared

GUEST_MMU = "guest[@id='g1']/mmu"
GUEST_MAP = f"{GUEST_MMU}/map[@xref='g1_main']"
UART_EMULATE = "guest[@id='g1']/vdev[@id='g1_uart0']/emulate"


def _setting(xpath: str, **attrs: str):
    def edit(root):
        for name, value in attrs.items():
            root.find(xpath).set(name, value)
    return edit


CASES = [
    ("map-subsize", _setting(GUEST_MAP, subsize="zz"), GUEST_MAP,
     "map subsize: 'zz' is not a hexadecimal number"),
    ("map-offset", _setting(GUEST_MAP, offset="0x"), GUEST_MAP,
     "map offset: '0x' is not a hexadecimal number"),
    ("map-base", _setting(GUEST_MAP, base="[0]=0x1;[x]=0x2"), GUEST_MAP,
     "map base: '[0]=0x1;[x]=0x2' is not a per-CPU table ('[i]=0xV;[j]=0xW'); bad entry '[x]=0x2'"),
    # the first bad value in the order the generator reads them
    ("map-subsize-before-base", _setting(GUEST_MAP, base="q", subsize="r"), GUEST_MAP,
     "map subsize: 'r' is not a hexadecimal number"),
    ("mmu-base", _setting(GUEST_MMU, base="[0]=0x24000;[1]=oops"), GUEST_MMU,
     "mmu base: '[0]=0x24000;[1]=oops' is not a per-CPU table ('[i]=0xV;[j]=0xW'); "
     "bad entry '[1]=oops' ('oops' is not a hexadecimal number)"),
    ("entry-offset", _setting("guest[@id='g1']/entry", bp_offset="8k"), "guest[@id='g1']/entry",
     "entry bp_offset: '8k' is not a hexadecimal number"),
    ("emulate-base", _setting(UART_EMULATE, base="0x1000_0000"), UART_EMULATE,
     "emulate base: '0x1000_0000' is not a hexadecimal number"),
    ("emulate-size", _setting(UART_EMULATE, size="-0x10"), UART_EMULATE,
     "emulate size: '-0x10' is not a hexadecimal number"),
]


@pytest.mark.parametrize("edit, where, message", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
@pytest.mark.parametrize("cbi_name", ["phidias", "phidias-v0.010"])
def test_bad_value(tmp_path, cbi_name, edit, where, message):
    path = prepared(tmp_path, "phidias-vdevs", edit)
    tree = xmlio.parse_file(path)
    with pytest.raises(SchismError) as e:
        cbi.lookup(cbi_name).generate_config(tree, 2)
    assert str(e.value) == f"{path}:{line_of(path, xpath=where)}: error: {message}"
