"""Computing parts of the stages: value codecs, ELF measurement, layout, page tables.

The stylesheets decide which elements and attributes a stage fills in; the
functions here compute the values (lxml extension functions, see
`schism.engine`).
"""
