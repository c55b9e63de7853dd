<?xml version="1.0" encoding="UTF-8"?>
<!--
  Stage 2, reparent: scenario_expanded.xml -> scenario_reparented.xml
  (docs/expand-reparent.md 2a-2d).

  The "report" templates print the original's INFO lines in its order and
  stop on the errors of 2a, 2c and 2d before anything is transformed; the
  transformation templates below them then build the output.

  The input is valid (docs/validation.md): its IDs are unique and every
  element sits where the DTD allows it, e.g. a <guest> holds only memreq,
  vdev, sched, mmu, init and entry elements.

  Speed (docs/expand-reparent.md "Speed"): a guest memreq is visited
  four times (its 2b and 2c report lines, its copy in its memory, its new
  map), each time by a template for its parent's kind that does only what
  its rule needs; what no rule changes is copied whole; the keys index few
  elements (libxslt indexes every key of a document at the first key()
  call, at a cost per element a key matches).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:include href="common.xsl"/>

  <xsl:variable name="hypervisor" select="/scenario/hypervisor"/>
  <xsl:variable name="hypervisor-memreqs" select="/scenario/hypervisor/memreq"/>
  <xsl:variable name="guest-memreqs" select="/scenario/guest/memreq"/>

  <!-- 2b, 2c. A guest's cpumap, copied to its memreqs and their hypervisor
       maps, is written in its canonical form (docs/values.md V3, template
       canonical-list in common.xsl). Most cpumaps are in that form
       already: "*", or "[" digits and commas "]" without a number that has
       a leading zero (",00" or ",01" once "[" is a comma and 1-9 are 1) or
       more than six digits (both engines write such a number back as it
       was read). When every guest's cpumap is (this test, once per guest),
       the copies take it as it is; otherwise each goes through
       canonical-list. -->
  <xsl:variable name="canonical-cpumaps"
      select="not(/scenario/guest[not(@cpumap)])
              and not(/scenario/guest/@cpumap[not(. = '*'
                  or (starts-with(., '[') and substring-after(., ']') = ''
                      and translate(., '0123456789,', '') = '[]'
                      and (not(contains(., '0'))
                           or not(contains(translate(., '[123456789', ',111111111'), ',00')
                                  or contains(translate(., '[123456789', ',111111111'), ',01')))
                      and (string-length(.) &lt; 9
                           or not(contains(translate(., '123456789', '000000000'), '0000000')))))])"/>

  <!-- The cpumap attribute of a copy of the context guest memreq (2c) or
       of a hypervisor map of it (2b): its guest's, canonical. -->
  <xsl:template name="guest-cpumap">
    <xsl:choose>
      <xsl:when test="$canonical-cpumaps">
        <xsl:copy-of select="../@cpumap"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:attribute name="cpumap">
          <xsl:call-template name="canonical-list">
            <xsl:with-param name="list" select="../@cpumap"/>
          </xsl:call-template>
        </xsl:attribute>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Maps of the hypervisor <mmu>, by xref. 2b: a memreq gets a new map
       when its flags_demand is non-empty and this key finds no map for it. -->
  <xsl:key name="hypervisor-map" match="/scenario/hypervisor/mmu/map" use="@xref"/>

  <!-- 2d. What a map's xref names, by id: a memreq or a device
       (docs/validation.md "3. References"; IDs are unique). Not every
       element with an id: the cost of a key is the elements it matches. -->
  <xsl:key name="target" match="memreq | device" use="@id"/>

  <!-- 2b. Whether a hypervisor map names a guest memreq. Usually none does,
       and a guest memreq then needs no lookup of its map. -->
  <xsl:variable name="guest-memreqs-mapped"
      select="boolean(/scenario/hypervisor/mmu/map[key('target', @xref)/parent::guest])"/>

  <!-- 2a. The default <memory> is the largest one; the first wins a tie.
       Like the original (a strict "larger than" against a start of 0), a
       memory of size 0 is never the default. -->
  <xsl:variable name="default-memory">
    <xsl:call-template name="largest-memory">
      <xsl:with-param name="memories" select="/scenario/platform/board/memory"/>
    </xsl:call-template>
  </xsl:variable>

  <xsl:template name="largest-memory">
    <xsl:param name="memories"/>
    <xsl:param name="best-id" select="''"/>
    <xsl:param name="best-size" select="0"/>
    <xsl:choose>
      <xsl:when test="not($memories)">
        <xsl:value-of select="$best-id"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="size">
          <xsl:call-template name="hex-value">
            <xsl:with-param name="hex" select="$memories[1]/@size"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="number($size) &gt; $best-size">
            <xsl:call-template name="largest-memory">
              <xsl:with-param name="memories" select="$memories[position() &gt; 1]"/>
              <xsl:with-param name="best-id" select="$memories[1]/@id"/>
              <xsl:with-param name="best-size" select="number($size)"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="largest-memory">
              <xsl:with-param name="memories" select="$memories[position() &gt; 1]"/>
              <xsl:with-param name="best-id" select="$best-id"/>
              <xsl:with-param name="best-size" select="$best-size"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>


  <!-- 2d. Required and forbidden flags of a map's target. -->
  <xsl:template name="required-flags">
    <xsl:param name="target"/>
    <xsl:choose>
      <xsl:when test="$target[self::memreq]"><xsl:value-of select="$target/@flags_demand"/></xsl:when>
      <xsl:otherwise>rgd</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="forbidden-flags">
    <xsl:param name="target"/>
    <xsl:choose>
      <xsl:when test="$target[self::memreq]"><xsl:value-of select="$target/@flags_prevent"/></xsl:when>
      <xsl:otherwise>xus</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

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

  <!-- ===== Report: INFO lines and errors, in the original's order ===== -->

  <xsl:template match="scenario" mode="report">
    <xsl:if test="$default-memory = ''">
      <xsl:for-each select="(platform/board | platform)[last()]">
        <xsl:call-template name="fail">
          <xsl:with-param name="message">
            <xsl:choose>
              <xsl:when test="memory">board: no &lt;memory&gt; with a non-zero size to place memory requests in</xsl:when>
              <xsl:otherwise>board: no &lt;memory&gt; to place memory requests in</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:if>
    <xsl:apply-templates select="$hypervisor-memreqs" mode="report-2b"/>
    <xsl:apply-templates select="$guest-memreqs" mode="report-2b"/>
    <xsl:apply-templates select="$hypervisor-memreqs" mode="report-2c"/>
    <xsl:apply-templates select="$guest-memreqs" mode="report-2c"/>
    <xsl:apply-templates select="hypervisor/mmu/map" mode="report-2d"/>
  </xsl:template>

  <!-- 2b. A memreq without "on" gets one; one with required flags and no
       hypervisor map gets a new map; a guest's memreq with a map (found
       or new) gives it the guest's cpumap. -->
  <xsl:template match="hypervisor/memreq" mode="report-2b">
    <xsl:call-template name="report-on"/>
    <xsl:if test="@flags_demand != '' and not(key('hypervisor-map', @id))">
      <xsl:call-template name="report-new-map"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="guest/memreq" mode="report-2b">
    <xsl:call-template name="report-on"/>
    <xsl:choose>
      <xsl:when test="$guest-memreqs-mapped and key('hypervisor-map', @id)">
        <xsl:call-template name="report-constrained"/>
      </xsl:when>
      <xsl:when test="@flags_demand != ''">
        <xsl:call-template name="report-new-map"/>
        <xsl:call-template name="report-constrained"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="report-on">
    <xsl:if test="not(@on)">
      <xsl:text>INFO: Added "on" attribute to &lt;memreq&gt; node "</xsl:text><xsl:value-of select="@id"/><xsl:text>".&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="report-new-map">
    <xsl:text>INFO: Added &lt;map&gt; for required &lt;memreq&gt; "</xsl:text><xsl:value-of select="@id"/><xsl:text>".&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="report-constrained">
    <xsl:text>INFO: Constrained &lt;map&gt; for guest &lt;memreq&gt; "</xsl:text><xsl:value-of select="@id"/><xsl:text>" to the guest's cpumap.&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="hypervisor/memreq" mode="report-2c">
    <xsl:if test="normalize-space(@cpumap) = '*'">
      <xsl:text>INFO: expanded percore attribute when reparenting memreq "</xsl:text><xsl:value-of select="@id"/><xsl:text>".&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="guest/memreq" mode="report-2c">
    <xsl:if test="@cpumap and normalize-space(@cpumap) != '*'">
      <xsl:call-template name="fail">
        <xsl:with-param name="message">memreq cpumap: cannot reparent a guest memreq with its own cpumap ("<xsl:value-of select="@cpumap"/>" in guest "<xsl:value-of select="../@id"/>"; use "*" or leave it out)</xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:text>INFO: reduced percore attribute when reparenting memreq "</xsl:text><xsl:value-of select="@id"/><xsl:text>".&#10;</xsl:text>
  </xsl:template>

  <!-- 2d. Explicit flags must not contain a forbidden letter; each required
       letter they lack is added (and reported). Only explicit flags are
       checked: a map 2b creates takes flags_demand unchecked, as in the
       original (src/reparent.c checks only flags read from the input). -->
  <xsl:template match="map" mode="report-2d">
    <xsl:variable name="target" select="key('target', @xref)"/>
    <xsl:if test="not($target)">
      <xsl:call-template name="fail">
        <xsl:with-param name="message">map xref: "<xsl:value-of select="@xref"/>" is neither a &lt;memreq&gt; nor a &lt;device&gt;</xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="@flags">
      <xsl:call-template name="check-forbidden">
        <xsl:with-param name="flags" select="@flags"/>
        <xsl:with-param name="target" select="$target"/>
      </xsl:call-template>
      <xsl:variable name="missing">
        <xsl:call-template name="missing-letters">
          <xsl:with-param name="have" select="@flags"/>
          <xsl:with-param name="want">
            <xsl:call-template name="required-flags">
              <xsl:with-param name="target" select="$target"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:variable>
      <xsl:call-template name="report-added-flags">
        <xsl:with-param name="letters" select="$missing"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="check-forbidden">
    <xsl:param name="flags"/>
    <xsl:param name="target"/>
    <xsl:variable name="forbidden">
      <xsl:call-template name="forbidden-flags">
        <xsl:with-param name="target" select="$target"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="translate($flags, $forbidden, '') != $flags">
      <xsl:variable name="bad">
        <xsl:call-template name="first-common-letter">
          <xsl:with-param name="have" select="$flags"/>
          <xsl:with-param name="forbidden" select="$forbidden"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:call-template name="fail">
        <xsl:with-param name="message">map flags: "<xsl:value-of select="$flags"/>" contains forbidden flags: '<xsl:value-of select="$bad"/>' (&lt;<xsl:value-of select="name($target)"/>&gt; "<xsl:value-of select="$target/@id"/>" forbids "<xsl:value-of select="$forbidden"/>")</xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="report-added-flags">
    <xsl:param name="letters"/>
    <xsl:if test="$letters != ''">
      <xsl:text>INFO: Added required flag '</xsl:text><xsl:value-of select="substring($letters, 1, 1)"/><xsl:text>' to &lt;map&gt; "</xsl:text><xsl:value-of select="@xref"/><xsl:text>".&#10;</xsl:text>
      <xsl:call-template name="report-added-flags">
        <xsl:with-param name="letters" select="substring($letters, 2)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ===== Transformation ===== -->

  <!-- 2c. Every memreq moves to the end of its <memory>: the hypervisor's
       first, in document order, then the guests', guest by guest. -->
  <xsl:template match="platform/board/memory">
    <xsl:variable name="here" select="string(@id)"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates/>
      <xsl:choose>
        <!-- 2b. The default memory also gets the memreqs without "on". -->
        <xsl:when test="@id = $default-memory">
          <xsl:apply-templates mode="reparent" select="$hypervisor-memreqs[not(@on) or @on = $here]"/>
          <xsl:apply-templates mode="reparent" select="$guest-memreqs[not(@on) or @on = $here]"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="reparent" select="$hypervisor-memreqs[@on = $here]"/>
          <xsl:apply-templates mode="reparent" select="$guest-memreqs[@on = $here]"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
  </xsl:template>

  <!-- 2c. No memreq stays under <hypervisor> (the guests: below). -->
  <xsl:template match="hypervisor/memreq"/>

  <!-- 2c. A hypervisor memreq in its memory: "*" becomes [0,...,ncpus-1],
       any other cpumap is kept. 2b: no "on", the default memory. -->
  <xsl:template match="hypervisor/memreq" mode="reparent">
    <xsl:copy>
      <xsl:copy-of select="@*[name() != 'cpumap']"/>
      <xsl:choose>
        <xsl:when test="normalize-space(@cpumap) = '*'">
          <xsl:attribute name="cpumap">
            <xsl:call-template name="cpu-list">
              <xsl:with-param name="n" select="$hypervisor/@ncpus"/>
            </xsl:call-template>
          </xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:copy-of select="@cpumap"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="not(@on)">
        <xsl:attribute name="on"><xsl:value-of select="$default-memory"/></xsl:attribute>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <!-- 2c. A guest memreq in its memory takes its guest's cpumap (its own
       is "*" or none, 2c's report stops on any other; the filter, a test
       per attribute, only when there is one). 2b: no "on", the default
       memory. -->
  <xsl:template match="guest/memreq" mode="reparent">
    <xsl:copy>
      <xsl:choose>
        <xsl:when test="@cpumap"><xsl:copy-of select="@*[name() != 'cpumap']"/></xsl:when>
        <xsl:otherwise><xsl:copy-of select="@*"/></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="guest-cpumap"/>
      <xsl:if test="not(@on)">
        <xsl:attribute name="on"><xsl:value-of select="$default-memory"/></xsl:attribute>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <!-- 2c. A guest without its memreqs; the rest of it is copied whole, as
       no rule changes it (its other children are vdev, sched, mmu, init
       and entry elements). -->
  <xsl:template match="guest">
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:copy-of select="node()[not(self::memreq)]"/>
    </xsl:copy>
  </xsl:template>

  <!-- 2b. New maps for memreqs with required flags and no hypervisor map
       yet: the hypervisor's memreqs first, then the guests'. -->
  <xsl:template match="hypervisor/mmu">
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates/>
      <xsl:apply-templates mode="new-map"
          select="$hypervisor-memreqs[@flags_demand != ''][not(key('hypervisor-map', @id))]"/>
      <xsl:choose>
        <xsl:when test="$guest-memreqs-mapped">
          <xsl:apply-templates mode="new-map"
              select="$guest-memreqs[@flags_demand != ''][not(key('hypervisor-map', @id))]"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="new-map" select="$guest-memreqs[@flags_demand != '']"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
  </xsl:template>

  <!-- 2b. The new map of a memreq: its flags_demand; a guest memreq's also
       the guest's cpumap. -->
  <xsl:template match="hypervisor/memreq" mode="new-map">
    <map xref="{@id}" flags="{@flags_demand}"/>
  </xsl:template>

  <xsl:template match="guest/memreq" mode="new-map">
    <xsl:choose>
      <xsl:when test="$canonical-cpumaps">
        <map xref="{@id}" cpumap="{../@cpumap}" flags="{@flags_demand}"/>
      </xsl:when>
      <xsl:otherwise>
        <map xref="{@id}">
          <xsl:call-template name="guest-cpumap"/>
          <xsl:attribute name="flags"><xsl:value-of select="@flags_demand"/></xsl:attribute>
        </map>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 2b/2d. An existing hypervisor map: the guest's cpumap if it is the
       map 2b finds for a guest memreq (the first map with that xref: a
       second map of the same memreq keeps its own cpumap, as in the
       original); flags completed with the required letters. -->
  <xsl:template match="hypervisor/mmu/map">
    <xsl:variable name="target" select="key('target', @xref)"/>
    <xsl:variable name="required">
      <xsl:call-template name="required-flags">
        <xsl:with-param name="target" select="$target"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:copy>
      <xsl:copy-of select="@*[name() != 'flags' and name() != 'cpumap']"/>
      <xsl:choose>
        <xsl:when test="$target/parent::guest
                        and generate-id() = generate-id(key('hypervisor-map', @xref)[1])">
          <xsl:for-each select="$target">
            <xsl:call-template name="guest-cpumap"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:copy-of select="@cpumap"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:attribute name="flags">
        <xsl:choose>
          <xsl:when test="@flags">
            <xsl:value-of select="@flags"/>
            <xsl:call-template name="missing-letters">
              <xsl:with-param name="have" select="@flags"/>
              <xsl:with-param name="want" select="$required"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="$required"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
    </xsl:copy>
  </xsl:template>

  <!-- What 2a-2d do not touch is copied whole. -->
  <xsl:template match="arch | files">
    <xsl:copy-of select="."/>
  </xsl:template>

</xsl:stylesheet>
