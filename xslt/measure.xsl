<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stage 4, measure: scenario_reparented.xml -> scenario_measured.xml
  (docs/measure.md 4.1-4.6).

  schism/stages/measure.py measures the hypervisor ELF, the config object,
  the page-table estimate and the payload files before this runs; these
  templates only say which element gets which value. Extension functions
  (namespace urn:schism:ext), each returning a HEX string:
    ext:memreq-base(id)  ext:memreq-size(id)  ext:map-base(xref)
    ext:entry()          ext:file-offset(id)  ext:file-size(id)
  Everything else is copied unchanged (identity template in common.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ext="urn:schism:ext"
    exclude-result-prefixes="ext">

  <xsl:include href="common.xsl"/>

  <!-- The templates below name the memreqs and maps they rewrite by a list
       of words ("' a b c '" contains " id "): one test per element, where
       "@id = 'a' or @id = 'b' ..." reads the attribute once per name (IDs
       and references are XML names: no spaces).

       Stage 4 table, rows with a physical base: core_rx, core_r, core_rws,
       core_rwt, config_r, config_rws, config_rwt, pagetables, blob get
       base and size (any earlier base is replaced). -->
  <xsl:template match="memreq[contains(
      ' core_rx core_r core_rws core_rwt config_r config_rws config_rwt pagetables blob ',
      concat(' ', @id, ' '))]">
    <xsl:copy>
      <xsl:copy-of select="@id"/>
      <xsl:attribute name="base">
        <xsl:value-of select="ext:memreq-base(string(@id))"/>
      </xsl:attribute>
      <xsl:attribute name="size">
        <xsl:value-of select="ext:memreq-size(string(@id))"/>
      </xsl:attribute>
      <xsl:copy-of select="@*[not(name() = 'id' or name() = 'base' or name() = 'size')]"/>
    </xsl:copy>
  </xsl:template>

  <!-- Stage 4 table, per-CPU rows core_rw and config_rw: size only; the base
       is removed (their per-CPU copies are placed in stage 5). -->
  <xsl:template match="memreq[contains(' core_rw config_rw ', concat(' ', @id, ' '))]">
    <xsl:copy>
      <xsl:copy-of select="@id"/>
      <xsl:attribute name="size">
        <xsl:value-of select="ext:memreq-size(string(@id))"/>
      </xsl:attribute>
      <xsl:copy-of select="@*[not(name() = 'id' or name() = 'base' or name() = 'size')]"/>
    </xsl:copy>
  </xsl:template>

  <!-- Stage 4 table, map column: the hypervisor's maps of the segments whose
       virtual address the ELFs fix get that base; only the first map of each
       segment, as the original looked them up (a second one is placed by
       stage 6 like any other map). -->
  <xsl:template match="hypervisor/mmu/map[contains(
      ' core_rx core_r core_rws core_rw config_r config_rw config_rws ', concat(' ', @xref, ' '))]
                       [not(@xref = preceding-sibling::map/@xref)]">
    <xsl:copy>
      <xsl:copy-of select="@xref"/>
      <xsl:attribute name="base">
        <xsl:value-of select="ext:map-base(string(@xref))"/>
      </xsl:attribute>
      <xsl:copy-of select="@*[not(name() = 'xref' or name() = 'base')]"/>
    </xsl:copy>
  </xsl:template>

  <!-- Stage 4 table, map column "removed": core_rwt and config_rwt are mapped
       at a place stage 6 chooses. -->
  <xsl:template match="hypervisor/mmu/map[contains(' core_rwt config_rwt ', concat(' ', @xref, ' '))]
                       [not(@xref = preceding-sibling::map/@xref)]">
    <xsl:copy>
      <xsl:copy-of select="@*[name() != 'base']"/>
    </xsl:copy>
  </xsl:template>

  <!-- hypervisor/@entry = ELF entry point - (H0.start - load_base). -->
  <xsl:template match="/scenario/hypervisor">
    <xsl:copy>
      <xsl:copy-of select="@*[name() != 'entry']"/>
      <xsl:attribute name="entry">
        <xsl:value-of select="ext:entry()"/>
      </xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Files: offset (running sum, back to back) and size in bytes. -->
  <xsl:template match="/scenario/files/file">
    <xsl:copy>
      <xsl:copy-of select="@*[not(name() = 'offset' or name() = 'size')]"/>
      <xsl:attribute name="offset">
        <xsl:value-of select="ext:file-offset(string(@id))"/>
      </xsl:attribute>
      <xsl:attribute name="size">
        <xsl:value-of select="ext:file-size(string(@id))"/>
      </xsl:attribute>
    </xsl:copy>
  </xsl:template>

  <!-- Guests and the arch are not measured: copied whole. -->
  <xsl:template match="guest | arch">
    <xsl:copy-of select="."/>
  </xsl:template>

</xsl:stylesheet>
