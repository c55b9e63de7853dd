<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stage 6, layout_map: scenario_p_laidout.xml -> scenario_v_laidout.xml
  (docs/layout.md 6.1-6.5).

  The rules of this stage are the placement's, which is Python
  (schism/stages/layout_map.py on schism/ext/layout.py: claims, global
  window, guard pages, common maps, per-CPU passes; the guests' maps
  checked): this stylesheet only says which element gets the result.
  Extension function (namespace urn:schism:ext, registry
  layout_map.FUNCTIONS):
    ext:map-base(map)  the new base of that hypervisor map: a HEX value
                       (common maps), a TABLE "[cpu]=0x..;..." in CPU order
                       (maps with a cpumap), or '' when nothing was placed
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ext="urn:schism:ext"
    exclude-result-prefixes="ext">

  <xsl:include href="common.xsl"/>

  <!-- docs/layout.md 6.3, 6.4: only the hypervisor <mmu> is laid out; maps that
       already have a base were claimed (6.1) and stay as they are. The base
       goes after xref/index, where the original wrote it. -->
  <xsl:template match="/scenario/hypervisor/mmu/map[not(@base)]">
    <xsl:variable name="base" select="ext:map-base(.)"/>
    <xsl:copy>
      <xsl:copy-of select="@xref | @index"/>
      <xsl:if test="$base != ''">
        <xsl:attribute name="base"><xsl:value-of select="$base"/></xsl:attribute>
      </xsl:if>
      <!-- the rest in their order: xref and index, copied again, keep their
           place (an attribute added twice keeps the first one's position) -->
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Only hypervisor maps change: the rest is copied whole. -->
  <xsl:template match="platform | guest | files | hypervisor/feature | hypervisor/memreq">
    <xsl:copy-of select="."/>
  </xsl:template>

</xsl:stylesheet>
