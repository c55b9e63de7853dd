<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stage 4, measure: scenario_reparented.xml -> scenario_measured.xml
  (docs/measure.md 4.1-4.6).

  The stage's rules are the table m:table below and the templates that apply
  it. schism/stages/measure.py first measures the facts, with their INFO
  lines and errors: the ELF segments, the entry point, the page-table
  estimate, the payload files. It exposes them as extension functions
  (namespace urn:schism:ext, registry measure.FUNCTIONS), each returning a
  HEX string:
    ext:part-size(part, segment)      size of an ELF segment (4.1), of the
                                      page tables (the estimate, 4.4) or of
                                      the files (4.5)
    ext:image-address(part, segment)  load_base + the sizes of the image's
                                      parts before this one (4.6)
    ext:virtual-address(address)      VA(p) = p + (H0.start - load_base) (4.2)
    ext:physical-address(address)     p = VA - (H0.start - load_base) (4.3)
    ext:elf-entry()                   the hypervisor ELF's entry point (4.3)
    ext:file-offset(id)               the sizes of the files before it (4.5)
    ext:file-size(href)               the size of the file href names (4.5)
  Everything else is copied unchanged (identity template in common.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ext="urn:schism:ext"
    xmlns:m="urn:schism:measure"
    exclude-result-prefixes="ext m">

  <xsl:include href="common.xsl"/>

  <!-- docs/measure.md 4.2, the stage-4 table: one row per memreq, in the
       doc's order (the order in which the stage checks that each exists).
         part, segment  the bytes the memreq holds: segment n of the
                        hypervisor ELF or of the config object, the page
                        tables, the payload files
         base           "image": its part's address in the image;
                        "removed": no base (a per-CPU copy, stage 5 places it)
         map            "virtual": the hypervisor's map of it gets the
                        virtual address of the part's image address;
                        "removed": that map loses its base (stage 6 places
                        it); none: its maps are untouched
       Every memreq gets its part's size. The rows with base "image" are the
       physical image (4.6): parts in the order the table first names them,
       segments in their order. Stage 9 builds and checks the image by this
       table too (schism/ext/image.py reads it). -->
  <m:table>
    <m:row memreq="core_rx"    part="hypervisor" segment="0" base="image"   map="virtual"/>
    <m:row memreq="core_r"     part="hypervisor" segment="1" base="image"   map="virtual"/>
    <m:row memreq="core_rws"   part="hypervisor" segment="2" base="image"   map="virtual"/>
    <m:row memreq="core_rwt"   part="hypervisor" segment="3" base="image"   map="removed"/>
    <m:row memreq="core_rw"    part="hypervisor" segment="3" base="removed" map="virtual"/>
    <m:row memreq="config_r"   part="config"     segment="0" base="image"   map="virtual"/>
    <m:row memreq="config_rw"  part="config"     segment="1" base="removed" map="virtual"/>
    <m:row memreq="config_rws" part="config"     segment="2" base="image"   map="virtual"/>
    <m:row memreq="config_rwt" part="config"     segment="1" base="image"   map="removed"/>
    <m:row memreq="pagetables" part="pagetables"             base="image"/>
    <m:row memreq="blob"       part="files"                  base="image"/>
  </m:table>

  <xsl:variable name="rows" select="document('')/*/m:table/m:row"/>
  <!-- " core_rx core_r ... blob ": one string test per element finds the
       memreqs and maps the table names (a node-set comparison with every
       row would cost each of the many other memreqs and maps more). -->
  <xsl:variable name="names-rtf">
    <xsl:for-each select="$rows"><xsl:value-of select="concat(' ', @memreq)"/></xsl:for-each>
    <xsl:text> </xsl:text>
  </xsl:variable>
  <xsl:variable name="names" select="string($names-rtf)"/>

  <!-- 4.2, base and size: a memreq of the table gets its part's size and,
       with base "image", its part's image address; any earlier base is
       replaced or removed. -->
  <xsl:template match="memreq">
    <xsl:choose>
      <xsl:when test="contains($names, concat(' ', @id, ' '))">
        <xsl:variable name="row" select="$rows[@memreq = current()/@id]"/>
        <xsl:copy>
          <xsl:copy-of select="@id"/>
          <xsl:if test="$row/@base = 'image'">
            <xsl:attribute name="base">
              <xsl:value-of select="ext:image-address(string($row/@part), string($row/@segment))"/>
            </xsl:attribute>
          </xsl:if>
          <xsl:attribute name="size">
            <xsl:value-of select="ext:part-size(string($row/@part), string($row/@segment))"/>
          </xsl:attribute>
          <xsl:copy-of select="@*[not(name() = 'id' or name() = 'base' or name() = 'size')]"/>
        </xsl:copy>
      </xsl:when>
      <xsl:otherwise>
        <xsl:copy-of select="."/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 4.2, map column: the first hypervisor map of a row's memreq, as the
       original looked them up (a second one is placed by stage 6 like any
       other map). -->
  <xsl:template match="hypervisor/mmu/map">
    <xsl:choose>
      <xsl:when test="not(contains($names, concat(' ', @xref, ' ')))
                      or @xref = preceding-sibling::map/@xref">
        <xsl:copy-of select="."/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="row" select="$rows[@memreq = current()/@xref]"/>
        <xsl:choose>
          <xsl:when test="$row/@map = 'virtual'">
            <xsl:copy>
              <xsl:copy-of select="@xref"/>
              <xsl:attribute name="base">
                <xsl:value-of select="ext:virtual-address(
                    ext:image-address(string($row/@part), string($row/@segment)))"/>
              </xsl:attribute>
              <xsl:copy-of select="@*[not(name() = 'xref' or name() = 'base')]"/>
            </xsl:copy>
          </xsl:when>
          <xsl:when test="$row/@map = 'removed'">
            <xsl:copy>
              <xsl:copy-of select="@*[name() != 'base']"/>
            </xsl:copy>
          </xsl:when>
          <xsl:otherwise>
            <xsl:copy-of select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 4.3: hypervisor/@entry, the ELF entry point as a physical address. -->
  <xsl:template match="/scenario/hypervisor">
    <xsl:copy>
      <xsl:copy-of select="@*[name() != 'entry']"/>
      <xsl:attribute name="entry">
        <xsl:value-of select="ext:physical-address(ext:elf-entry())"/>
      </xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- 4.5: files back to back; offset and size in bytes. -->
  <xsl:template match="/scenario/files/file">
    <xsl:copy>
      <xsl:copy-of select="@*[not(name() = 'offset' or name() = 'size')]"/>
      <xsl:attribute name="offset">
        <xsl:value-of select="ext:file-offset(string(@id))"/>
      </xsl:attribute>
      <xsl:attribute name="size">
        <xsl:value-of select="ext:file-size(string(@href))"/>
      </xsl:attribute>
    </xsl:copy>
  </xsl:template>

  <!-- Guests and the arch are not measured: copied whole. -->
  <xsl:template match="guest | arch">
    <xsl:copy-of select="."/>
  </xsl:template>

</xsl:stylesheet>
