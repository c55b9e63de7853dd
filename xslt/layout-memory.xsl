<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stage 5, layout_memory: scenario_measured.xml -> scenario_p_laidout.xml
  (docs/layout.md 5.1-5.3).

  The rules of this stage are the allocator's, which is Python
  (schism/stages/layout_memory.py on schism/ext/layout.py: claims, largest
  size first, preferred alignments): this stylesheet only says which element
  gets the result. Extension function (namespace urn:schism:ext, registry
  layout_memory.FUNCTIONS):
    ext:memreq-base(id)  the new base of a memreq: a HEX value or a per-CPU
                         TABLE "[cpu]=0x..;..." in cpumap order, or '' when
                         the memreq is not placed (size 0, docs/layout.md 5.3)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ext="urn:schism:ext"
    exclude-result-prefixes="ext">

  <xsl:include href="common.xsl"/>

  <!-- docs/layout.md 5.3: every memreq of a board memory without a base gets
       the placement computed for it. The base goes after the id, where the
       original wrote it (attribute order does not matter to the comparison). -->
  <xsl:template match="/scenario/platform/board/memory/memreq[not(@base)]">
    <xsl:variable name="base" select="ext:memreq-base(string(@id))"/>
    <xsl:copy>
      <xsl:copy-of select="@id"/>
      <xsl:if test="$base != ''">
        <xsl:attribute name="base"><xsl:value-of select="$base"/></xsl:attribute>
      </xsl:if>
      <!-- the rest in their order (id, copied again, keeps its place) -->
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Only memreqs change: everything outside the board is copied whole. -->
  <xsl:template match="hypervisor | guest | files | arch">
    <xsl:copy-of select="."/>
  </xsl:template>

</xsl:stylesheet>
