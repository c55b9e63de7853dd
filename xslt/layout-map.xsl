<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stage 6, layout_map: scenario_p_laidout.xml -> scenario_v_laidout.xml
  (docs/layout.md 6.1-6.5).

  schism/stages/layout_map.py computes every placement (claims, global
  window, guard pages, common maps, per-CPU passes) and checks the guests'
  maps; this stylesheet only says where the results go:
  ext:map-base(xref, n) returns the new base of the n-th (1-based)
  hypervisor map with that xref: a HEX value (common maps), a TABLE
  "[cpu]=0x..;..." in CPU order (maps with a cpumap), or '' when nothing
  was placed.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ext="urn:schism:ext"
    exclude-result-prefixes="ext">

  <xsl:include href="common.xsl"/>

  <!-- The hypervisor's maps by xref: a map is named to ext:map-base by its
       xref and its 1-based position among the maps with that xref (usually
       1), found without scanning every preceding sibling. -->
  <xsl:key name="hypervisor-map" match="/scenario/hypervisor/mmu/map" use="@xref"/>

  <!-- docs/layout.md 6.3, 6.4: only the hypervisor <mmu> is laid out; maps that
       already have a base were claimed (6.1) and stay as they are. The base
       goes after xref/index, where the original wrote it. -->
  <xsl:template match="/scenario/hypervisor/mmu/map[not(@base)]">
    <xsl:variable name="same-xref" select="key('hypervisor-map', @xref)"/>
    <xsl:variable name="nth">
      <xsl:choose>
        <xsl:when test="count($same-xref) = 1">1</xsl:when>
        <xsl:otherwise>
          <xsl:variable name="me" select="generate-id()"/>
          <xsl:for-each select="$same-xref">
            <xsl:if test="generate-id() = $me"><xsl:value-of select="position()"/></xsl:if>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="base" select="ext:map-base(string(@xref), number($nth))"/>
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
