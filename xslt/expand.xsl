<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stage 1, expand: scenario.xml -> scenario_expanded.xml (docs/expand-reparent.md 1a-1c).

  Parameters (file URIs resolved by schism from the library search path;
  empty when the scenario carries the element inline):
    board-file       board_<platform/@board>.xml
    arch-file        arch_<platform/@arch>.xml
    hypervisor-file  default_hypervisor_<scenario/@cbi>.xml (always set)

  The INFO lines of the original are printed by the "report" templates, in
  the original's order, before the document is transformed.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:include href="common.xsl"/>

  <xsl:param name="board-file" select="''"/>
  <xsl:param name="arch-file" select="''"/>
  <xsl:param name="hypervisor-file" select="''"/>

  <xsl:variable name="scenario" select="/"/>
  <xsl:variable name="default-hypervisor" select="document($hypervisor-file)/hypervisor"/>

  <!-- Maps of the hypervisor's own <mmu>, by xref (1c). -->
  <xsl:key name="hypervisor-map" match="/scenario/hypervisor/mmu/map" use="@xref"/>

  <!-- 1c. "Already an ID anywhere in the scenario" means the scenario as the
       original held it at that point: the input plus the <board> and <arch>
       just imported (1a), e.g. a board <device id="stack"> keeps the default
       "stack" memreq out. The documents to search: -->
  <xsl:variable name="imported-board" select="document($board-file)[$board-file != '']"/>
  <xsl:variable name="imported-arch" select="document($arch-file)[$arch-file != '']"/>
  <xsl:variable name="id-documents" select="$scenario | $imported-board | $imported-arch"/>

  <!-- 1c. Every id in those documents, and the ids of the default memreqs
       that are among them: one equality of node-sets per default memreq,
       which libxml2 decides with hashes of the values. Not a key of every
       element with an id, which libxslt would build for the whole scenario
       at the first key() call (docs/expand-reparent.md "Speed"). -->
  <xsl:variable name="ids" select="$id-documents//@id"/>
  <xsl:variable name="taken-ids" select="$default-hypervisor/memreq/@id[. = $ids]"/>

  <!-- 1c. The elements with one of those ids, for the warnings: those whose
       id is part of " a  b  c " (contains(); the lookups below compare whole
       ids). No id taken, no pass over the documents. -->
  <xsl:variable name="taken-id-list">
    <xsl:for-each select="$taken-ids">
      <xsl:value-of select="concat(' ', ., ' ')"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="id-clashes"
      select="$id-documents[$taken-ids]//@id[contains(string($taken-id-list), .)]/.."/>

  <!-- 1c. The ids of the default memreqs that are not yet an ID, and the
       xrefs of the default maps the hypervisor <mmu> lacks, as " a  b  c "
       strings. -->
  <xsl:variable name="new-memreq-ids">
    <xsl:for-each select="$default-hypervisor/memreq">
      <xsl:if test="not(@id = $taken-ids)">
        <xsl:value-of select="concat(' ', @id, ' ')"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="new-map-xrefs">
    <xsl:for-each select="$default-hypervisor/mmu/map">
      <xsl:variable name="xref" select="@xref"/>
      <xsl:for-each select="$scenario">
        <xsl:if test="not(key('hypervisor-map', $xref))">
          <xsl:value-of select="concat(' ', $xref, ' ')"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="new-memreqs"
      select="$default-hypervisor/memreq[contains($new-memreq-ids, concat(' ', @id, ' '))]"/>
  <xsl:variable name="new-maps"
      select="$default-hypervisor/mmu/map[contains($new-map-xrefs, concat(' ', @xref, ' '))]"/>

  <!-- The report (the original's INFO/WARN lines) is built first and
       printed as one message: cheaper than a message per line, and an error
       found while building it stops the stage before any output. -->
  <xsl:template match="/">
    <xsl:variable name="report">
      <xsl:apply-templates select="scenario" mode="report"/>
    </xsl:variable>
    <xsl:if test="string($report) != ''">
      <xsl:message><xsl:value-of select="$report"/></xsl:message>
    </xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- 1a. Import <board>, then <arch>, from the library into <platform>,
       unless the scenario has them inline. -->
  <xsl:template match="platform">
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates/>
      <xsl:if test="not(board)">
        <xsl:copy-of select="$imported-board/board"/>
      </xsl:if>
      <xsl:if test="not(arch)">
        <xsl:copy-of select="$imported-arch/arch"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <!-- 1b. A guest without cpumap runs on CPUs [0,...,ncpus-1]; its children
       are copied whole (no rule of 1a-1c changes them). -->
  <xsl:template match="guest[not(@cpumap)]">
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:attribute name="cpumap">
        <xsl:call-template name="cpu-list">
          <xsl:with-param name="n" select="@ncpus"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:copy-of select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- 1c. Default <memreq>s whose id is not yet an ID anywhere in the
       scenario are appended to <hypervisor>, after its existing children. -->
  <xsl:template match="hypervisor">
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates/>
      <xsl:copy-of select="$new-memreqs"/>
    </xsl:copy>
  </xsl:template>

  <!-- 1c. Default <map>s whose xref no map of the hypervisor <mmu> has yet
       are appended to that <mmu>. -->
  <xsl:template match="hypervisor/mmu">
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates/>
      <xsl:copy-of select="$new-maps"/>
    </xsl:copy>
  </xsl:template>

  <!-- Report: the original's INFO and WARN lines, in its order. -->
  <xsl:template match="scenario" mode="report">
    <xsl:if test="not(platform/board)">
      <xsl:text>INFO: imported &lt;board&gt; node.&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="not(platform/arch)">
      <xsl:text>INFO: imported &lt;arch&gt; node.&#10;</xsl:text>
    </xsl:if>
    <xsl:for-each select="guest[not(@cpumap)]">
      <xsl:text>INFO: created default cpumap attribute for guest "</xsl:text><xsl:value-of select="@id"/><xsl:text>".&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$default-hypervisor/memreq">
      <xsl:choose>
        <xsl:when test="contains($new-memreq-ids, concat(' ', @id, ' '))">
          <xsl:text>INFO: copied over default &lt;memreq&gt; for "</xsl:text><xsl:value-of select="@id"/><xsl:text>".&#10;</xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="default" select="."/>
          <xsl:for-each select="$id-documents">
            <!-- the elements of this document (count(/ | current()) = 1)
                 with the default's id -->
            <xsl:call-template name="warn-differences">
              <xsl:with-param name="default" select="$default"/>
              <xsl:with-param name="existing"
                  select="$id-clashes[@id = $default/@id][count(/ | current()) = 1]"/>
            </xsl:call-template>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:for-each select="$new-maps">
      <xsl:text>INFO: copied over default &lt;map&gt; for "</xsl:text><xsl:value-of select="@xref"/><xsl:text>".&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- 1c. The scenario's element is kept; each of flags_demand,
       flags_prevent, cpumap that it has and the default has not, or the
       other way round, or that has another value, is reported in the
       original's words (which call cpumap "percore"). The original compared
       the raw values with strcmp and crashed when both sides had a cpumap or
       both lacked one; here those cases warn only if the values differ.
       $existing is empty in a document that does not hold the id. -->
  <xsl:template name="warn-differences">
    <xsl:param name="default"/>
    <xsl:param name="existing"/>
    <xsl:if test="$existing">
      <xsl:call-template name="warn-difference">
        <xsl:with-param name="id" select="$default/@id"/>
        <xsl:with-param name="name" select="'flags_demand'"/>
        <xsl:with-param name="theirs" select="$default/@flags_demand"/>
        <xsl:with-param name="mine" select="$existing/@flags_demand"/>
      </xsl:call-template>
      <xsl:call-template name="warn-difference">
        <xsl:with-param name="id" select="$default/@id"/>
        <xsl:with-param name="name" select="'flags_prevent'"/>
        <xsl:with-param name="theirs" select="$default/@flags_prevent"/>
        <xsl:with-param name="mine" select="$existing/@flags_prevent"/>
      </xsl:call-template>
      <xsl:call-template name="warn-difference">
        <xsl:with-param name="id" select="$default/@id"/>
        <xsl:with-param name="name" select="'percore'"/>
        <xsl:with-param name="theirs" select="$default/@cpumap"/>
        <xsl:with-param name="mine" select="$existing/@cpumap"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="warn-difference">
    <xsl:param name="id"/>
    <xsl:param name="name"/>
    <xsl:param name="theirs"/>
    <xsl:param name="mine"/>
    <xsl:if test="string($mine) != string($theirs) or count($mine) != count($theirs)">
      <xsl:text>WARN: &lt;memreq&gt; for "</xsl:text><xsl:value-of select="$id"/><xsl:text>" has odd "</xsl:text><xsl:value-of select="$name"/><xsl:text>" attribute.&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- What 1a-1c do not touch is copied whole. -->
  <xsl:template match="board | arch | guest[@cpumap] | files">
    <xsl:copy-of select="."/>
  </xsl:template>

</xsl:stylesheet>
