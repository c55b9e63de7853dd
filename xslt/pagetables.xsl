<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stage 7, pagetables: scenario_v_laidout.xml -> scenario_pagetables.xml
  (docs/pagetables.md 7.1-7.7).

  The rules of this stage are the table builder's, which is Python
  (schism/stages/pagetables.py on schism/ext/pagetables.py: which maps go
  into which table, the walk, the placement of the tables): this stylesheet
  only says which element gets the result. Extension functions (namespace
  urn:schism:ext, registry pagetables.FUNCTIONS):
    ext:mmu-base(owner)  TABLE of top-table addresses of an mmu; owner is the
                         guest id, '' for the hypervisor; '' when the mmu has
                         no tables (format "none")
    ext:total-size()     bytes the tables occupy (HEX)
    ext:estimate()       size of the pagetables memreq (HEX)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ext="urn:schism:ext" exclude-result-prefixes="ext">

  <xsl:include href="common.xsl"/>

  <!-- 7 (estimate check): the original's INFO line; an excess stopped the
       stage in Python before this stylesheet ran. -->
  <xsl:template match="/">
    <xsl:message>
      <xsl:value-of select="concat('INFO: total size of pagetables within estimate (',
                            ext:total-size(), ' &lt;= ', ext:estimate(), ').')"/>
    </xsl:message>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- 7.1-7.3: the mmu base TABLE, "[-1]=INIT;[j]=CPU j" for the hypervisor,
       "[j]=vCPU j" for a guest; an mmu without tables is copied unchanged. -->
  <xsl:template match="hypervisor/mmu | guest/mmu">
    <xsl:variable name="base" select="ext:mmu-base(string(parent::guest/@id))"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:if test="$base != ''">
        <xsl:attribute name="base"><xsl:value-of select="$base"/></xsl:attribute>
      </xsl:if>
      <xsl:copy-of select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Only mmu bases change: everything else is copied whole (named: a
       pattern with a predicate would be tested on every element). -->
  <xsl:template match="platform | files | hypervisor/feature | hypervisor/memreq
                       | guest/memreq | guest/vdev | guest/sched | guest/init | guest/entry">
    <xsl:copy-of select="."/>
  </xsl:template>

</xsl:stylesheet>
